using Readiness.Core.Probing;
using System.Diagnostics;
using Readiness.Core.Checks.Backup;
using Readiness.Core.Running;

namespace Readiness.Benchmarks;

/// <summary>
/// Restores and verifies a generated pg_dump (about 200 MB of rows by default) with our check and with plain
/// pg_restore into an empty database, and prints both throughputs and the overhead (target: under 10%).
/// Needs a running PostgreSQL: benchmarks/backup-restore.sh starts one on a free loopback port.
/// Args: HOST PORT USER DUMPFILE (PGPASSWORD from the environment).
/// </summary>
public sealed class BackupRestoreBenchmark : IBenchmark
{
    public string Name => "backup-restore";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4) { Console.Error.WriteLine("usage: backup-restore HOST PORT USER DUMPFILE"); return 2; }
        var server = new PostgresServerOptions { Host = args[0], Port = int.Parse(args[1]), User = args[2], Password = Environment.GetEnvironmentVariable("PGPASSWORD") };
        var dump = args[3];
        var size = new FileInfo(dump).Length;

        var plain = Stopwatch.StartNew();
        var env = server.ToolEnvironment();
        await ProcessRunner.RunAsync(new ProcessRequest { Program = "psql", Arguments = new[] { "-h", server.Host, "-p", server.Port.ToString(), "-U", server.User, "-d", "postgres", "-c", "create database bench_plain" }, Environment = env }, CancellationToken.None);
        var restore = await ProcessRunner.RunAsync(new ProcessRequest { Program = "pg_restore", Arguments = new[] { "--no-owner", "--no-privileges", "-h", server.Host, "-p", server.Port.ToString(), "-U", server.User, "-d", "bench_plain", dump }, Environment = env }, CancellationToken.None);
        plain.Stop();
        await ProcessRunner.RunAsync(new ProcessRequest { Program = "psql", Arguments = new[] { "-h", server.Host, "-p", server.Port.ToString(), "-U", server.User, "-d", "postgres", "-c", "drop database bench_plain" }, Environment = env }, CancellationToken.None);
        if (restore.ExitCode != 0) { Console.Error.WriteLine(restore.Error); return 1; }

        var ours = Stopwatch.StartNew();
        var result = await BackupVerificationSteps.RunAsync(new BackupVerificationOptions
        {
            Backend = "postgres", Pattern = Path.GetFullPath(dump), BaseDirectory = Environment.CurrentDirectory, Server = server,
        }, NullHost.Instance, CancellationToken.None);
        ours.Stop();

        double Mb(double seconds) => size / 1e6 / seconds;
        Console.WriteLine($"dump size:                {size / 1e6:0.0} MB");
        Console.WriteLine($"pg_restore alone:         {plain.Elapsed.TotalSeconds:0.00} s  ({Mb(plain.Elapsed.TotalSeconds):0.0} MB/s)");
        Console.WriteLine($"readiness restore+verify: {ours.Elapsed.TotalSeconds:0.00} s  ({Mb(ours.Elapsed.TotalSeconds):0.0} MB/s), restore step {result.RestoreDuration?.TotalSeconds:0.00} s, {result.RowsVerified:N0} rows counted");
        var restoreStep = result.RestoreDuration?.TotalSeconds ?? double.NaN;
        Console.WriteLine($"restore overhead:         {(restoreStep / plain.Elapsed.TotalSeconds - 1) * 100:0.0}% (our restore step vs pg_restore; target < 10%)");
        Console.WriteLine($"with verification:        {(ours.Elapsed.TotalSeconds / plain.Elapsed.TotalSeconds - 1) * 100:0.0}% (adds scratch create/drop and exact row counts of every table)");
        return 0;
    }
}
