using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Readiness.Core.Checks.Backup;
using Readiness.Core.Probing;
using Readiness.Core.Running;

namespace Readiness.Benchmarks;

/// <summary>
/// Restores a generated pg_dump (about 200 MB of rows by default) with our check and with plain pg_restore, both in
/// this process and doing the same work: the scratch database is created and dropped over Npgsql on both sides (as
/// PostgresRestorer does), and the timed restore step is one pg_restore process with the same arguments. One untimed
/// warm-up of each side, then interleaved pairs whose first side alternates. Rows: our restore step vs pg_restore
/// (target: under 1.10), and our whole check (create, restore, exact row counts, drop) vs create+pg_restore+drop.
/// Needs a running PostgreSQL: benchmarks/backup-restore.sh starts one on a free loopback port.
/// Args: HOST PORT USER DUMPFILE [PAIRS=5] (PGPASSWORD from the environment).
/// </summary>
public sealed class BackupRestoreBenchmark : IBenchmark
{
    public string Name => "backup-restore";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4) { Console.Error.WriteLine("usage: backup-restore HOST PORT USER DUMPFILE [PAIRS]"); return 2; }
        var server = new PostgresServerOptions { Host = args[0], Port = int.Parse(args[1], CultureInfo.InvariantCulture), User = args[2], Password = Environment.GetEnvironmentVariable("PGPASSWORD") };
        var dump = Path.GetFullPath(args[3]);
        var pairs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5;
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        Console.WriteLine($"dump size: {new FileInfo(dump).Length / 1e6:0.0} MB; {pairs} pairs after one warm-up each");

        await PlainAsync(server, dump);
        await OursAsync(server, dump);
        var stepRatios = new List<double>();
        var totalRatios = new List<double>();
        var plainSteps = new List<double>();
        var ourSteps = new List<double>();
        var plainTotals = new List<double>();
        var ourTotals = new List<double>();
        for (var i = 0; i < pairs; i++)
        {
            (double Step, double Total) plain, ours;
            if (i % 2 == 0) { ours = await OursAsync(server, dump); plain = await PlainAsync(server, dump); }
            else { plain = await PlainAsync(server, dump); ours = await OursAsync(server, dump); }
            plainSteps.Add(plain.Step); ourSteps.Add(ours.Step); plainTotals.Add(plain.Total); ourTotals.Add(ours.Total);
            stepRatios.Add(ours.Step / plain.Step);
            totalRatios.Add(ours.Total / plain.Total);
            Console.WriteLine($"  pair {i + 1} ({(i % 2 == 0 ? "ours first" : "plain first")}): restore step {ours.Step:0.00} s vs pg_restore {plain.Step:0.00} s ({stepRatios[^1]:0.00}); "
                              + $"whole check {ours.Total:0.00} s vs create+restore+drop {plain.Total:0.00} s ({totalRatios[^1]:0.00})");
        }
        Row("backup restore step vs pg_restore (wall s)", ourSteps, plainSteps, stepRatios, load);
        Row("backup restore+verify vs create+pg_restore+drop (wall s)", ourTotals, plainTotals, totalRatios, load);
        return 0;
    }

    private static void Row(string measure, List<double> ours, List<double> peer, List<double> ratios, string load) =>
        Console.WriteLine(string.Join('\t', "ROW", measure, F(Median(ours), "0.000"), F(Median(peer), "0.000"), F(Median(ratios), "0.00"),
            F(ratios.Min(), "0.00"), F(ratios.Max(), "0.00"), "warm", load));

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static async Task<(double Step, double Total)> OursAsync(PostgresServerOptions server, string dump)
    {
        var clock = Stopwatch.StartNew();
        var result = await BackupVerificationSteps.RunAsync(new BackupVerificationOptions { Backend = "postgres", Pattern = dump, BaseDirectory = Environment.CurrentDirectory, Server = server }, NullHost.Instance, CancellationToken.None);
        var total = clock.Elapsed.TotalSeconds;
        if (result.RestoreDuration is not { } step) throw new InvalidOperationException("Our restore did not run: " + result);
        return (step.TotalSeconds, total);
    }

    private static async Task<(double Step, double Total)> PlainAsync(PostgresServerOptions server, string dump)
    {
        var name = "bench_plain_" + Guid.NewGuid().ToString("N")[..8];
        var total = Stopwatch.StartNew();
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        try
        {
            var step = Stopwatch.StartNew();
            var restore = await ProcessRunner.RunAsync(new ProcessRequest
            {
                Program = "pg_restore",
                Arguments = new[] { "--no-owner", "--no-privileges", "--exit-on-error", "-h", server.Host, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.User, "-d", name, dump },
                Environment = server.ToolEnvironment(),
            }, CancellationToken.None);
            var stepSeconds = step.Elapsed.TotalSeconds;
            if (restore.ExitCode != 0) throw new InvalidOperationException("pg_restore failed: " + restore.Error);
            return (stepSeconds, total.Elapsed.TotalSeconds);
        }
        finally
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(PostgresServerOptions server, string sql)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString(server.MaintenanceDatabase));
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }
}
