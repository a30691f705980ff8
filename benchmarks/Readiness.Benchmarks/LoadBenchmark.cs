using System.Globalization;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;

namespace Readiness.Benchmarks;

/// <summary>
/// Our closed-model generator against a URL, printed in the same figures wrk prints (rate and p95), so
/// benchmarks/load.sh can set them side by side. Usage: load URL [connections=64] [seconds=10].
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
                Duration = TimeSpan.FromSeconds(seconds), Warmup = TimeSpan.FromSeconds(1),
            },
        }, NullHost.Instance, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"readiness: connections={connections} seconds={seconds} requests={result.Requests} errors={result.Errors} rate={result.RequestsPerSecond:0} p50={result.P50Ms:0.###}ms p95={result.P95Ms:0.###}ms p99={result.P99Ms:0.###}ms max={result.MaxMs:0.###}ms"));
        return result.Errors == 0 ? 0 : 1;
    }
}
