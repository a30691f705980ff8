using Readiness.Core.Running;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>Runs a checklist item through the runner exactly as a checklist run does (confirmation, timeout, redaction, titles).</summary>
public static class CheckHarness
{
    /// <summary>The item's one result; fails the test when the check judged several aspects.</summary>
    public static async Task<CheckResult> RunItemAsync(ChecklistItem item, RunEnvironment environment, CancellationToken cancellationToken = default) =>
        Assert.Single(await new ChecklistRunner().RunItemAsync(item, environment, cancellationToken));

    /// <summary>Every result of the item, one per aspect for a check that judges several.</summary>
    public static Task<IReadOnlyList<CheckResult>> RunItemResultsAsync(ChecklistItem item, RunEnvironment environment, CancellationToken cancellationToken = default) =>
        new ChecklistRunner().RunItemAsync(item, environment, cancellationToken);
}
