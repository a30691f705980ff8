using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Readiness.Core.Checks.Secrets;

namespace Readiness.Benchmarks;

/// <summary>
/// The in-process half of the history-scan benchmark; benchmarks/secrets.sh does the comparison with cold CLI runs.
/// <c>secrets generate DIR [--commits N] [--lines L]</c> writes a repository of N commits (default 5000) on 4 branches
/// with <c>git fast-import</c> and prints how many lines <c>git log -p --all</c> writes for it, so both sides' lines/s
/// divide the same count. <c>secrets warm DIR [--pairs P]</c> interleaves an in-process scan (after one untimed scan,
/// so JIT and regex construction are paid) with <c>git log -p --all</c> and prints a warm ROW line.
/// <c>secrets profile DIR</c> splits our time into reading, prefilter and matching.
/// </summary>
public sealed class SecretsBenchmark : IBenchmark
{
    public string Name => "secrets";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("generate" or "warm" or "profile"))
        {
            Console.Error.WriteLine("usage: secrets generate|warm|profile DIR [--commits N] [--lines L] [--pairs P]");
            return 2;
        }
        var dir = args[1];
        switch (args[0])
        {
            case "generate":
                Directory.CreateDirectory(dir);
                var planted = Generate(dir, Arg(args, "--commits", 5000), Arg(args, "--lines", 20));
                Console.WriteLine($"{Shell(dir, "git log -p --all | wc -l").Trim()} {planted}");
                return 0;
            case "profile":
                Profile(dir);
                return 0;
        }
        var pairs = Arg(args, "--pairs", 5);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        await ScanAsync(dir);
        Shell(dir, "git log -p --all > /dev/null");
        var ours = new List<double>();
        var peer = new List<double>();
        for (var i = 0; i < pairs; i++)
        {
            double o, q;
            if (i % 2 == 0) { o = await ScanAsync(dir); q = GitLog(dir); }
            else { q = GitLog(dir); o = await ScanAsync(dir); }
            ours.Add(o);
            peer.Add(q);
            Console.WriteLine($"  pair {i + 1}: ours {o:0.000} s, git log {q:0.000} s, ratio {o / q:0.00}");
        }
        var ratios = ours.Zip(peer, (o, q) => o / q).ToList();
        Console.WriteLine(string.Join('\t', "ROW", $"secrets history scan {Shell(dir, "git rev-list --all --count").Trim()} commits, in-process vs git log -p --all (wall s)", Median(ours).ToString("0.000", CultureInfo.InvariantCulture),
            Median(peer).ToString("0.000", CultureInfo.InvariantCulture), Median(ratios).ToString("0.00", CultureInfo.InvariantCulture),
            ratios.Min().ToString("0.00", CultureInfo.InvariantCulture), ratios.Max().ToString("0.00", CultureInfo.InvariantCulture), "warm", load));
        return 0;
    }

    private static async Task<double> ScanAsync(string dir)
    {
        var clock = Stopwatch.StartNew();
        await RepositoryScan.ScanHistoryAsync(dir, new SecretScanner(allowlist: new SecretAllowlist()), new SecretScanResult(), CancellationToken.None);
        return clock.Elapsed.TotalSeconds;
    }

    private static double GitLog(string dir)
    {
        var clock = Stopwatch.StartNew();
        Shell(dir, "git log -p --all > /dev/null");
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Writes a fast-import stream: code-like lines in 400 files, 4 branches, a secret every 250 commits.</summary>
    private static int Generate(string dir, int commits, int linesPerCommit)
    {
        Run(dir, "git", "init", "-q", "-b", "main");
        var psi = new ProcessStartInfo("git", "fast-import --quiet") { WorkingDirectory = dir, RedirectStandardInput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var input = p.StandardInput.BaseStream;
        var random = new Random(42);
        var files = new Dictionary<string, StringBuilder>();
        var branches = new[] { "main", "develop", "feature/a", "release/1" };
        var tips = new Dictionary<string, int>();
        var planted = 0;
        for (var c = 1; c <= commits; c++)
        {
            var branch = branches[c < 100 ? 0 : random.Next(branches.Length)];
            var parent = tips.TryGetValue(branch, out var t) ? t : tips.GetValueOrDefault("main");
            var file = $"src/module{random.Next(20)}/file{random.Next(20)}.cs";
            if (!files.TryGetValue(file, out var content) || content.Length > 64_000) files[file] = content = new StringBuilder();
            for (var l = 0; l < linesPerCommit; l++) content.Append(CodeLine(random, c, l)).Append('\n');
            if (c % 250 == 0)
            {
                // Fake credentials assembled here so that this source file holds no secret-shaped literal.
                content.Append("    const string Key = \"").Append("AK").Append("IA").Append(Token(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)).Append("\";\n");
                planted++;
            }
            var message = $"change {c}";
            var sb = new StringBuilder();
            sb.Append($"commit refs/heads/{branch}\nmark :{c}\n");
            sb.Append($"author Bench <bench@example.invalid> {1_700_000_000 + c * 60} +0000\n");
            sb.Append($"committer Bench <bench@example.invalid> {1_700_000_000 + c * 60} +0000\n");
            sb.Append($"data {Encoding.UTF8.GetByteCount(message)}\n{message}\n");
            if (parent > 0) sb.Append($"from :{parent}\n");
            var data = content.ToString();
            sb.Append($"M 100644 inline {file}\ndata {Encoding.UTF8.GetByteCount(data)}\n{data}\n");
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            input.Write(bytes);
            tips[branch] = c;
        }
        input.Close();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("git fast-import failed.");
        return planted;
    }

    /// <summary>Where the time goes: reading lines only, then the keyword prefilter, then the full scan, on a saved log.</summary>
    private static void Profile(string dir)
    {
        var log = Path.Combine(dir, ".git", "bench-log.txt");
        Shell(dir, $"git log -p --all -U0 --diff-filter=d --format='commit %H %aI' > {log}");
        var lines = File.ReadAllLines(log).Where(l => l.StartsWith('+') && !l.StartsWith("+++")).ToArray();
        var scanner = new SecretScanner(allowlist: new SecretAllowlist());
        var clock = Stopwatch.StartNew();
        var passed = 0;
        foreach (var l in lines) if (scanner.PrefilterForBenchmark(l.AsSpan(1))) passed++;
        Console.WriteLine($"prefilter: {clock.Elapsed.TotalSeconds:0.00} s for {lines.Length} lines, {passed} pass");
        clock.Restart();
        var found = 0;
        foreach (var l in lines) found += scanner.ScanLine(l.AsSpan(1), "f", 1)?.Count ?? 0;
        Console.WriteLine($"scan: {clock.Elapsed.TotalSeconds:0.00} s, {found} findings");
        // The probe's engine, per rule, on the lines that pass the prefilter: construction plus every IsMatch.
        var passing = lines.Where(l => scanner.PrefilterForBenchmark(l.AsSpan(1))).Select(l => l[1..]).ToArray();
        foreach (var (name, options) in new[] { ("interpreted", RegexOptions.None), ("compiled", RegexOptions.Compiled), ("non-backtracking", RegexOptions.NonBacktracking) })
        {
            clock.Restart();
            var hits = 0;
            foreach (var rule in SecretRules.All.Where(r => r.Generic))
            {
                var regex = new Regex(rule.Pattern, options | RegexOptions.CultureInvariant | (rule.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
                foreach (var l in passing) if (regex.IsMatch(l)) hits++;
            }
            Console.WriteLine($"generic rules as {name} probes: {clock.Elapsed.TotalSeconds:0.00} s over {passing.Length} lines, {hits} hits");
        }
        clock.Restart();
        var psi = new ProcessStartInfo("git", "log -p --all -U0 --diff-filter=d") { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false };
        using (var p = Process.Start(psi)!)
        {
            var n = 0;
            while (p.StandardOutput.ReadLine() is not null) n++;
            p.WaitForExit();
            Console.WriteLine($"git log read by .NET: {clock.Elapsed.TotalSeconds:0.00} s, {n} lines");
        }
    }

    private static readonly string[] Words = { "token", "user", "order", "refresh", "cache", "password", "retry", "limit", "session", "key", "secret", "count" };

    private static string CodeLine(Random r, int c, int l) => r.Next(4) switch
    {
        0 => $"    var {Words[r.Next(Words.Length)]}{l} = Compute(\"{Words[r.Next(Words.Length)]}\", {r.Next(100000)}); // commit {c}",
        1 => $"    if ({Words[r.Next(Words.Length)]}.Length > {r.Next(64)}) return Fail(\"{Words[r.Next(Words.Length)]} too long\");",
        2 => $"    logger.LogInformation(\"processed {{Count}} {Words[r.Next(Words.Length)]} items\", {Words[r.Next(Words.Length)]}Count);",
        _ => $"    // {Words[r.Next(Words.Length)]} handling for request {Token(r, "abcdef0123456789", 12)}",
    };

    private static string Token(Random r, string alphabet, int n) => new(Enumerable.Range(0, n).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());

    private static string Shell(string dir, string command)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private static void Run(string dir, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
