using Readiness.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Readiness.Benchmarks -- NAME [args]
// Each benchmark prints its figures; none asserts a time (targets are read by people, not by unit tests).
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine($"usage: Readiness.Benchmarks NAME [args]; NAME is one of: {string.Join(", ", benchmarks.Keys.Order())}");
    return 2;
}
return await benchmark.RunAsync(args[1..]);
