using System.Diagnostics;
using Npgsql;
using Readiness.Core.Checks.Backup;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Backup;

/// <summary>A run killed mid-restore leaves its scratch database behind; the next run recognises it by its owner marker.</summary>
public sealed class ScratchDatabaseTests : IClassFixture<PostgresServer>, IDisposable
{
    private readonly PostgresServer _pg;
    private readonly string _dir = TempFolder.Create();

    public ScratchDatabaseTests(PostgresServer pg) => _pg = pg;

    public void Dispose() => TempFolder.Delete(_dir);

    private PostgresServerOptions Server => new() { Host = _pg.Host, Port = _pg.Port, User = _pg.User, Password = _pg.Password };

    private BackupFile PlainBackup()
    {
        var path = Path.Combine(_dir, "app-20261121T0300.sql");
        File.WriteAllText(path, "create table t (id int primary key); insert into t values (1), (2);\n");
        return new BackupFile(path, DateTimeOffset.UtcNow, new FileInfo(path).Length);
    }

    private BackupVerificationOptions Options() => new() { Backend = "postgres", Pattern = "app-*", BaseDirectory = _dir, Server = Server };

    /// <summary>An owner that really existed and is gone: a process started, observed and killed.</summary>
    private static ScratchOwner DeadOwner()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var owner = new ScratchOwner(Environment.MachineName, process.Id, new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero));
        process.Kill();
        process.WaitForExit();
        return owner;
    }

    private string LeaveScratch(ScratchOwner? owner)
    {
        var name = ScratchDatabases.NewName();
        _pg.Psql($"create database {name}");
        if (owner is not null) _pg.Psql($"comment on database {name} is '{owner.ToComment()}'");
        return name;
    }

    private bool Exists(string name) => _pg.Psql($"select count(*) from pg_database where datname = '{name}'") == "1";

    [Fact]
    public async Task A_scratch_database_whose_owner_is_gone_is_dropped_with_its_sessions_and_named_in_the_evidence()
    {
        var owner = DeadOwner();
        var orphan = LeaveScratch(owner);
        await using var session = new NpgsqlConnection(_pg.ConnectionString(orphan));
        await session.OpenAsync();

        var outcome = await new PostgresRestorer().RestoreAndVerifyAsync(PlainBackup(), Options(), CancellationToken.None);

        Assert.True(outcome.Restored, outcome.RestoreError);
        Assert.False(Exists(orphan));
        var note = Assert.Single(outcome.SweptScratch, n => n.Contains(orphan));
        Assert.StartsWith($"dropped {orphan}, left behind by pid {owner.ProcessId} on {owner.Host}", note);
        Assert.EndsWith("which is gone", note);
        Assert.False(Exists(outcome.Scratch));
    }

    [Fact]
    public async Task A_scratch_database_of_a_running_owner_or_without_a_marker_is_left_and_said_so()
    {
        var live = LeaveScratch(ScratchOwner.Current());
        var unmarked = LeaveScratch(null);
        try
        {
            var outcome = await new PostgresRestorer().RestoreAndVerifyAsync(PlainBackup(), Options(), CancellationToken.None);

            Assert.True(Exists(live));
            Assert.True(Exists(unmarked));
            Assert.Contains(outcome.SweptScratch, n => n.StartsWith($"left {live}: its owner (pid {Environment.ProcessId}", StringComparison.Ordinal));
            Assert.Contains($"left {unmarked}: it has no owner marker, so it may belong to a run in progress", outcome.SweptScratch);
        }
        finally
        {
            _pg.Psql($"drop database if exists {live}");
            _pg.Psql($"drop database if exists {unmarked}");
        }
    }

    [Fact]
    public async Task The_scratch_database_of_a_run_carries_its_owner_while_it_exists()
    {
        var name = ScratchDatabases.NewName();
        await ScratchDatabases.CreateAsync(Server.ConnectionString(Server.MaintenanceDatabase), name, CancellationToken.None);
        try
        {
            var owner = ScratchOwner.Parse(_pg.Psql($"select shobj_description(oid, 'pg_database') from pg_database where datname = '{name}'"));
            Assert.Equal(ScratchOwner.Current(), owner);
            Assert.False(owner!.IsGone());
        }
        finally { await ScratchDatabases.DropAsync(Server.ConnectionString(Server.MaintenanceDatabase), name, CancellationToken.None); }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("made by hand")]
    [InlineData("readiness scratch; host=h; pid=x; started=2026-01-01T00:00:00Z")]
    public void A_comment_that_is_not_a_marker_has_no_owner(string? comment) => Assert.Null(ScratchOwner.Parse(comment));

    [Fact]
    public void An_owner_on_another_host_is_never_called_gone() =>
        Assert.False(new ScratchOwner("some-other-host-" + Guid.NewGuid().ToString("N"), 1, DateTimeOffset.UnixEpoch).IsGone());
}
