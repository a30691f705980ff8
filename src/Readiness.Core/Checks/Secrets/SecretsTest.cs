using Readiness.Core.Running;

namespace Readiness.Core.Checks.Secrets;

/// <summary>What Test-ReadinessSecrets (and any other front end) asks for.</summary>
public sealed class SecretsTestRequest
{
    public string Path { get; set; } = ".";
    public bool History { get; set; }
    public bool WorkingTree { get; set; } = true;
    public string? AllowlistPath { get; set; }
    public List<string> AllowPaths { get; set; } = new();
    public List<string> AllowRegexes { get; set; } = new();
    public List<string> Rules { get; set; } = new();
    public List<string> ExcludeRules { get; set; } = new();
    /// <summary>Also check .env.example completeness (this file; relative to <see cref="Path"/>).</summary>
    public string? EnvExample { get; set; }
    public List<string> RequiredVariables { get; set; } = new();
    /// <summary>One result per finding instead of one aggregated result (for SARIF and annotations).</summary>
    public bool PerFinding { get; set; }
    /// <summary>A whole-history scan of a large repository takes minutes; the checklist default of 30 s does not apply here.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Ad-hoc secrets checks outside a checklist: the engine behind Test-ReadinessSecrets.</summary>
public static class SecretsTest
{
    public const string ScanId = "secrets.scan";
    public const string EnvExampleId = "secrets.env-example";

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(SecretsTestRequest request, IReadinessHost host, CancellationToken ct)
    {
        var root = System.IO.Path.GetFullPath(request.Path);
        var environment = new RunEnvironment(root) { Timeout = request.Timeout, Host = host };
        var results = new List<CheckResult>();
        var scan = Item(ScanId, request.History ? "No secrets in the working tree or Git history" : "No secrets in the working tree", new()
        {
            ["path"] = root,
            ["history"] = request.History,
            ["workingTree"] = request.WorkingTree,
            ["allowlist"] = request.AllowlistPath,
            ["allowPaths"] = request.AllowPaths.Cast<object?>().ToList(),
            ["allowRegexes"] = request.AllowRegexes.Cast<object?>().ToList(),
            ["rules"] = request.Rules.Cast<object?>().ToList(),
            ["excludeRules"] = request.ExcludeRules.Cast<object?>().ToList(),
        });

        if (request.PerFinding)
        {
            var context = new CheckContext(scan, new CheckParameters(scan.Id, scan.Check!.Parameters), environment);
            var started = DateTimeOffset.Now;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(request.Timeout);
            var found = await SecretsCheck.ScanAsync(context, timeout.Token).ConfigureAwait(false);
            var perFinding = SecretsCheck.PerFinding(context, found);
            // With no findings there is nothing to locate: the summary says what was scanned.
            results.AddRange(perFinding.Count > 0 ? perFinding : new List<CheckResult> { SecretsCheck.Summarise(context, found) });
            foreach (var r in results)
            {
                r.CheckType = "secrets";
                r.Timestamp = started;
                r.Duration = clock.Elapsed;
                environment.Secrets.Scrub(r);
            }
        }
        else results.AddRange(await new ChecklistRunner().RunItemAsync(scan, environment, ct).ConfigureAwait(false));

        if (request.EnvExample is not null)
        {
            var envExample = Item(EnvExampleId, ".env.example lists every required variable", new()
            {
                ["mode"] = "env-example",
                ["path"] = root,
                ["envExample"] = System.IO.Path.Combine(root, request.EnvExample),
                ["required"] = request.RequiredVariables.Cast<object?>().ToList(),
            });
            results.AddRange(await new ChecklistRunner().RunItemAsync(envExample, environment, ct).ConfigureAwait(false));
        }
        return results;
    }

    private static ChecklistItem Item(string id, string title, Dictionary<string, object?> parameters) => new()
    {
        Id = id,
        Section = "Secrets",
        Title = title,
        Severity = Severity.Critical,
        Check = new CheckSpec
        {
            Type = "secrets",
            Parameters = parameters.Where(kv => kv.Value is not null && kv.Value is not List<object?> { Count: 0 })
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        },
    };
}
