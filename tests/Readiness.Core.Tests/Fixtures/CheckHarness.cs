using Readiness.Core.Running;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>Runs a checklist item through the runner exactly as a checklist run does (confirmation, timeout, redaction, titles).</summary>
public static class CheckHarness
{
    /// <summary>
    /// Every text of a result a user can see, rendered or not (evidence keys and values, the JSON form the report writers give), one per line:
    /// a test asserting a secret is in none of them reads this, so each such test covers the same fields.
    /// </summary>
    public static string EverythingShown(CheckResult r) =>
        string.Join("\n", new[] { r.Id, r.Section, r.Title, r.CheckType, r.Target, r.Message, r.Remediation ?? "", r.File ?? "", r.ToString() }
            .Concat(r.Evidence.Keys).Concat(r.Evidence.Values).Append(System.Text.Json.JsonSerializer.Serialize(r, Readiness.Core.Reporting.ReportJson.Compact)));

    /// <summary>The item's one result; fails the test when the check judged several aspects.</summary>
    public static async Task<CheckResult> RunItemAsync(ChecklistItem item, RunEnvironment environment, CancellationToken cancellationToken = default) =>
        Assert.Single(await new ChecklistRunner().RunItemAsync(item, environment, cancellationToken));

    /// <summary>Every result of the item, one per aspect for a check that judges several.</summary>
    public static Task<IReadOnlyList<CheckResult>> RunItemResultsAsync(ChecklistItem item, RunEnvironment environment, CancellationToken cancellationToken = default) =>
        new ChecklistRunner().RunItemAsync(item, environment, cancellationToken);

    /// <summary>The one result of an item of <paramref name="type"/> with these parameters (see <see cref="CheckRun"/> for the rest).</summary>
    public static Task<CheckResult> RunCheckAsync(string type, Dictionary<string, object?> parameters, CheckRun? run = null)
    {
        run ??= new CheckRun();
        return RunItemAsync(run.ToItem(type, parameters), run.ToEnvironment());
    }

    /// <summary>Every result of an item of <paramref name="type"/> with these parameters.</summary>
    public static Task<IReadOnlyList<CheckResult>> RunCheckResultsAsync(string type, Dictionary<string, object?> parameters, CheckRun? run = null)
    {
        run ??= new CheckRun();
        return RunItemResultsAsync(run.ToItem(type, parameters), run.ToEnvironment());
    }

    /// <summary>The one result of item <paramref name="id"/> of a shipped checklist, loaded with the run's variables and run from the checklist's folder.</summary>
    public static async Task<CheckResult> RunShippedItemAsync(string checklist, string id, CheckRun? run = null) =>
        Assert.Single(await RunShippedItemResultsAsync(checklist, id, run));

    /// <summary>Every result of item <paramref name="id"/> of a shipped checklist.</summary>
    public static Task<IReadOnlyList<CheckResult>> RunShippedItemResultsAsync(string checklist, string id, CheckRun? run = null)
    {
        run ??= new CheckRun();
        var path = Checklists.RepoFiles.Checklist(checklist);
        var item = ReadinessSession.Load(path, run.Variables, environment: _ => null).Items.Single(i => i.Id == id);
        return RunItemResultsAsync(item, (run with { BaseDirectory = run.BaseDirectory ?? Path.GetDirectoryName(path) }).ToEnvironment());
    }
}

/// <summary>The item and run around one check under test; every value has the default a checklist run would use.</summary>
public sealed record CheckRun
{
    public string Id { get; init; } = "item";
    public string Section { get; init; } = "S";
    public string Title { get; init; } = "t";
    public Severity Severity { get; init; } = Severity.Medium;
    /// <summary>The checklist's folder, which relative paths resolve against; the temp folder by default.</summary>
    public string? BaseDirectory { get; init; }
    /// <summary>Environment variables the check sees; the process environment by default.</summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
    /// <summary>The item's timeout; the checklist default when null.</summary>
    public TimeSpan? Timeout { get; init; }
    public IReadinessHost? Host { get; init; }

    public ChecklistItem ToItem(string type, Dictionary<string, object?> parameters) => new()
    {
        Id = Id, Section = Section, Title = Title, Severity = Severity, Check = new CheckSpec { Type = type, Parameters = parameters },
    };

    public RunEnvironment ToEnvironment() => new(BaseDirectory ?? Path.GetTempPath(), Variables, EnvironmentLookup)
    {
        Timeout = Timeout ?? TimeSpan.FromSeconds(ChecklistSettings.DefaultTimeoutSeconds),
        Host = Host ?? NullHost.Instance,
    };
}
