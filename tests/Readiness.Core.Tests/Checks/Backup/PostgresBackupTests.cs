using Readiness.Core.Checks.Backup;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Backup;

/// <summary>Real pg_dump output restored into scratch databases on a real PostgreSQL started by the test.</summary>
public sealed class PostgresBackupTests : IClassFixture<PostgresServer>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    private readonly PostgresServer _pg;
    private readonly string _dir = TempFolder.Create();

    public PostgresBackupTests(PostgresServer pg)
    {
        _pg = pg;
        if (_pg.Psql("select count(*) from pg_database where datname = 'app'") == "0")
        {
            _pg.Psql("create database app");
            _pg.Psql("""
                create table customers (id serial primary key, email text not null);
                create table orders (id serial primary key, customer_id int not null references customers(id), total numeric);
                insert into customers (email) select 'c' || g || '@example.test' from generate_series(1, 120) g;
                insert into orders (customer_id, total) select 1 + g % 120, g from generate_series(1, 300) g;
                """, "app");
        }
    }

    public void Dispose() => TempFolder.Delete(_dir);

    private PostgresServerOptions Server => new() { Host = _pg.Host, Port = _pg.Port, User = _pg.User, Password = _pg.Password };

    private string Dump(string name, string format = "c")
    {
        var path = Path.Combine(_dir, "primary", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var psi = new System.Diagnostics.ProcessStartInfo("pg_dump") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", _pg.Host, "-p", _pg.Port.ToString(), "-U", _pg.User, "-F", format, "-f", path, "app" }) psi.ArgumentList.Add(a);
        psi.Environment["PGPASSWORD"] = _pg.Password;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return path;
    }

    private string Manifest(long customers, long orders)
    {
        var path = Path.Combine(_dir, "rows.json");
        File.WriteAllText(path, "{\"tables\": {\"public.customers\": " + customers + ", \"public.orders\": " + orders + "}}");
        return path;
    }

    private BackupVerificationOptions Options(string pattern = "primary/app-*", string? manifest = null) => new()
    {
        Backend = "postgres", Pattern = pattern, BaseDirectory = _dir, Server = Server, ManifestPath = manifest, Now = Now,
        MaxAge = TimeSpan.FromHours(26), Interval = TimeSpan.FromDays(1), Retention = TimeSpan.FromDays(3), RtoTarget = TimeSpan.FromMinutes(5),
    };

    private void NoScratchRemains() =>
        Assert.Equal("0", _pg.Psql($"select count(*) from pg_database where datname like '{PostgresRestorer.ScratchPrefix}%'"));

    private static CheckResult StepOf(BackupRestoreResult r, string step) => r.Steps.Single(s => s.Id == $"backup.{step}");

    [Fact]
    public async Task A_good_custom_format_dump_restores_and_verifies_against_the_manifest_and_the_source()
    {
        foreach (var day in new[] { "20261119T0300", "20261120T0300", "20261121T0300", "20261122T0300" }) Dump($"app-{day}.dump");
        var result = await BackupVerificationSteps.RunAsync(Options(manifest: Manifest(120, 300)), NullHost.Instance, CancellationToken.None);
        Assert.All(result.Steps, s => Assert.True(s.Status == CheckStatus.Passed, $"{s.Id}: {s.Message}"));
        Assert.Equal(2, result.TablesVerified);
        Assert.Equal(420, result.RowsVerified);
        Assert.True(result.ScratchRemoved);
        Assert.StartsWith(PostgresRestorer.ScratchPrefix, result.Scratch);
        Assert.Equal(Decision.Go, result.Decision);

        NoScratchRemains();
        var source = await BackupVerificationSteps.RunAsync(new BackupVerificationOptions { Backend = "postgres", Pattern = "primary/app-*", BaseDirectory = _dir, Server = Server, CompareWithDatabase = "app", Now = Now }, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, StepOf(source, "verification").Status);
        NoScratchRemains();
    }

    [Fact]
    public async Task A_truncated_dump_fails_at_restore_with_a_clear_message()
    {
        var path = Dump("app-20261122T0300.dump");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var result = await BackupVerificationSteps.RunAsync(Options(), NullHost.Instance, CancellationToken.None);
        var restore = StepOf(result, "restore");
        Assert.Equal(CheckStatus.Failed, restore.Status);
        Assert.Contains("pg_restore failed on app-20261122T0300.dump (custom format)", restore.Message);
        Assert.Equal(Decision.NoGo, result.Decision);
        NoScratchRemains();
    }

    [Fact]
    public async Task Row_counts_that_differ_from_the_manifest_name_the_table()
    {
        Dump("app-20261122T0300.dump");
        var result = await BackupVerificationSteps.RunAsync(Options(manifest: Manifest(120, 301)), NullHost.Instance, CancellationToken.None);
        var verification = StepOf(result, "verification");
        Assert.Equal(CheckStatus.Failed, verification.Status);
        Assert.Contains("table public.orders has 300 rows, expected 301", verification.Message);
        NoScratchRemains();
    }

    [Fact]
    public async Task Plain_and_directory_dumps_restore_too()
    {
        Dump("app-20261122T0300.sql", "p");
        Dump("app-20261121T0300.dir", "d");
        var plain = await BackupVerificationSteps.RunAsync(Options("primary/app-*.sql", Manifest(120, 300)), NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, StepOf(plain, "verification").Status);
        var directory = await BackupVerificationSteps.RunAsync(Options("primary/app-*.dir", Manifest(120, 300)) with { MaxAge = null, Interval = null }, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, StepOf(directory, "verification").Status);
        NoScratchRemains();
    }

    [Fact]
    public async Task A_stale_newest_backup_fails_freshness_and_a_gap_fails_cadence()
    {
        Dump("app-20261118T0300.dump");
        Dump("app-20261120T0300.dump");
        var result = await BackupVerificationSteps.RunAsync(Options() with { Restore = false }, NullHost.Instance, CancellationToken.None);
        var freshness = StepOf(result, "freshness");
        Assert.Equal(CheckStatus.Failed, freshness.Status);
        Assert.Contains("app-20261120T0300.dump is 2.1 days old", freshness.Message);
        var cadence = StepOf(result, "cadence");
        Assert.Equal(CheckStatus.Failed, cadence.Status);
        Assert.Contains("2 gap(s)", cadence.Message);
    }

    [Fact]
    public async Task A_missing_off_site_copy_is_named_through_the_checklist_item()
    {
        Dump("app-20261121T0300.dump");
        var newest = Dump("app-20261122T0300.dump");
        Directory.CreateDirectory(Path.Combine(_dir, "offsite"));
        File.Copy(newest, Path.Combine(_dir, "offsite", "app-20261122T0300.dump"));
        var result = await CheckHarness.RunCheckAsync("backup-restore",
            new() { ["backend"] = "postgres", ["path"] = "primary/app-*", ["offsite"] = "offsite/app-*", ["restore"] = false, ["step"] = "offsite" },
            new CheckRun { Id = "dr.offsite", Section = "9.1 Backups", Title = "Off-site backup configured", Severity = Severity.High, BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("app-20261121T0300.dump has no off-site copy", result.Message);
    }

    [Fact]
    public async Task The_password_comes_from_a_variable_and_never_shows()
    {
        Dump("app-20261122T0300.dump");
        var result = await CheckHarness.RunCheckAsync("backup-restore",
            new() { ["backend"] = "postgres", ["path"] = "primary/app-*", ["host"] = _pg.Host, ["port"] = (long)_pg.Port, ["user"] = _pg.User, ["passwordVariable"] = "PGPASS_TEST", ["step"] = "restore" },
            new CheckRun
            {
                Id = "dr.restore", Section = "9.1 Backups", Title = "Backup restoration tested", Severity = Severity.Critical, BaseDirectory = _dir,
                EnvironmentLookup = n => n == "PGPASS_TEST" ? _pg.Password : null, Timeout = TimeSpan.FromMinutes(2),
            });
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.DoesNotContain(_pg.Password, result.Message + string.Join(" ", result.Evidence.Values));
        NoScratchRemains();
    }
}
