using System.Diagnostics;
using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Benchmarks;

/// <summary>
/// Times the full Test-ReadinessSecurity assessment of one endpoint in-process: the first (cold) run, which also pays
/// for JIT and the one-time local TLS self-test, and the median of the warm runs. Target: under 1 s on loopback.
/// Usage: security URI [HTTP_URI] [ADDRESS] [CA_FILE] [RUNS=5]; benchmarks/security.sh starts nginx and compares with testssl.sh.
/// </summary>
public sealed class SecurityBenchmark : IBenchmark
{
    public string Name => "security";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: security URI [HTTP_URI] [ADDRESS] [CA_FILE] [RUNS]");
            return 2;
        }
        string? Arg(int i) => args.Length > i && args[i] is { Length: > 0 } a && a != "-" ? a : null;
        var request = new SecurityTarget
        {
            Uri = new Uri(args[0]),
            HttpUri = Arg(1) is { } h ? new Uri(h) : null,
            Address = Arg(2),
            CaCertificate = Arg(3),
        };
        var runs = Arg(4) is { } r ? int.Parse(r) : 5;
        var times = new List<double>();
        ReadinessReport? last = null;
        for (var i = 0; i <= runs; i++)
        {
            var clock = Stopwatch.StartNew();
            last = await SecurityCheck.AddItems(new AdHocRun("security", Environment.CurrentDirectory) { Timeout = SecurityCheck.ItemTimeout(null) }, request, false, []).RunReportAsync(CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var warm = times.Skip(1).Order().ToList();
        var median = warm.Count == 0 ? times[0] : warm[warm.Count / 2];
        var counts = string.Join(" ", last!.Counts.ByStatus().Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}={kv.Value}"));
        Console.WriteLine($"security uri={request.Uri} results={last.Results.Count} decision={last.Decision} {counts} cold={times[0]:0}ms warm_median={median:0}ms runs={runs}");
        return 0;
    }
}
