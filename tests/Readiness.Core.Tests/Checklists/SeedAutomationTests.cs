using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checklists;

/// <summary>
/// How many of the 139 seed items (both shipped checklists) a machine decides: issue 22 asks for at least 112, and
/// an item turned back into a manual attestation lowers this figure and fails here.
/// </summary>
public sealed class SeedAutomationTests
{
    public const int MinimumAutomated = 112;

    private static List<ChecklistItem> SeedItems() =>
        new[] { "diffver.yaml", "auth-service.yaml" }
            .SelectMany(f => ReadinessSession.Load(RepoFiles.Checklist(f), environment: _ => null).Items)
            .ToList();

    [Fact]
    public void At_least_112_of_the_139_seed_items_are_decided_by_a_check()
    {
        var items = SeedItems();
        Assert.Equal(139, items.Count);
        var automated = items.Count(i => i.Check is not null && i.Check.Type != "manual");
        var manual = items.Where(i => i.Check is null || i.Check.Type == "manual").Select(i => i.Id).ToList();
        Assert.True(automated >= MinimumAutomated,
            $"{automated} of {items.Count} seed items are automated, fewer than {MinimumAutomated}; manual: {string.Join(", ", manual)}");
    }
}
