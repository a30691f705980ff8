using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>The monitoring item the observability check tests run through <see cref="CheckHarness"/>: no process environment, a 20 s timeout.</summary>
public static class ObservabilityItem
{
    public static CheckRun Run { get; } = new()
    {
        Id = "obs.item", Section = "Monitoring", EnvironmentLookup = _ => null, Timeout = TimeSpan.FromSeconds(20),
    };
}
