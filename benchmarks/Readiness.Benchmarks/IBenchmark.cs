namespace Readiness.Benchmarks;

/// <summary>A benchmark that prints figures (ours next to a reference tool where one exists). One class per benchmark.</summary>
public interface IBenchmark
{
    string Name { get; }
    Task<int> RunAsync(string[] args);
}
