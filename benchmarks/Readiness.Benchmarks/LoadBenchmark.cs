using System.Globalization;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;

namespace Readiness.Benchmarks;

/// <summary>
/// Our closed-model generator in process against a URL, for profiling it (dotnet-trace, dotnet-counters) without
/// the CLI around it. No warm-up, like wrk and like benchmarks/load.sh, which compares the CLI with wrk.
/// Usage: load URL [connections=64] [seconds=10].
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    public string Name => "load";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: load URL [connections] [seconds]");
            return 2;
        }
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var result = await LoadTest.RunAsync(new LoadTestRequest
        {
            Options = new LoadOptions
            {
                Url = new Uri(args[0]), Model = LoadModel.Closed, Connections = connections,
                Duration = TimeSpan.FromSeconds(seconds),
            },
        }, NullHost.Instance, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"readiness: connections={connections} seconds={seconds} requests={result.Requests} errors={result.Errors} rate={result.RequestsPerSecond:0} p50={Ms(result.P50Ms)} p90={Ms(result.P90Ms)} p99={Ms(result.P99Ms)} max={Ms(result.MaxMs)}"));
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>A percentile, or "none" when no request was answered (never a made-up 0 ms).</summary>
    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) + "ms" : "none";
}
