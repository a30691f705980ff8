using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>The monitoring item the observability check tests run through <see cref="CheckHarness"/>: no process environment, a 20 s timeout.</summary>
public static class ObservabilityItem
{
    public static CheckRun Run { get; } = new()
    {
        Id = "obs.item", Section = "Monitoring", EnvironmentLookup = _ => null, Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Every text of a result a user sees, for asserting a secret appears in none.</summary>
    public static string Everything(CheckResult r) =>
        string.Join("\n", new[] { r.Message, r.Target, r.Remediation ?? "" }.Concat(r.Evidence.Select(kv => kv.Key + "=" + kv.Value)));
}
