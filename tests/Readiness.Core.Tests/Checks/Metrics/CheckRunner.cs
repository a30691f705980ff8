using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>Runs one item of a check type the way a checklist run does (runner, timeout, redaction).</summary>
public static class CheckRunner
{
    public static Task<CheckResult> Run(string type, Dictionary<string, object?> parameters, string? baseDirectory = null,
        Func<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var item = new ChecklistItem { Id = "obs.item", Section = "Monitoring", Title = "t", Check = new CheckSpec { Type = type, Parameters = parameters } };
        var env = new RunEnvironment(baseDirectory ?? Path.GetTempPath(), environmentLookup: environment ?? (_ => null))
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
        };
        return CheckHarness.RunItemAsync(item, env, CancellationToken.None);
    }

    public static string Everything(CheckResult r) =>
        string.Join("\n", new[] { r.Message, r.Target, r.Remediation ?? "" }.Concat(r.Evidence.Select(kv => kv.Key + "=" + kv.Value)));
}
