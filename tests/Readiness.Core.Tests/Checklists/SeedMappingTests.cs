using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checklists;

/// <summary>docs/seed-mapping.md is generated from the shipped checklists and names every item of both.</summary>
public sealed class SeedMappingTests
{
    private static readonly (string File, string Seed)[] Shipped =
    {
        ("diffver.yaml", "the diffver release checklist (seed 000)"),
        ("auth-service.yaml", "the auth service production checklist (seed 001)"),
    };

    private static string PagePath => Path.Combine(RepoFiles.Root, "docs", "seed-mapping.md");

    private static List<Checklist> LoadShipped() =>
        Shipped.Select(s => ReadinessSession.Load(RepoFiles.Checklist(s.File), environment: _ => null)).ToList();

    private static string Generate()
    {
        var loaded = LoadShipped();
        return VerificationMap.Render(loaded.Select((c, i) => (c, Shipped[i].Seed)));
    }

    [Fact]
    public void The_mapping_page_is_what_the_generator_produces_from_the_shipped_checklists()
    {
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("READINESS_REGENERATE_DOCS") == "1") File.WriteAllText(PagePath, expected);
        Assert.True(File.Exists(PagePath), "docs/seed-mapping.md is missing; regenerate it (see the page's header).");
        Assert.True(expected == File.ReadAllText(PagePath).ReplaceLineEndings("\n").Replace("\n", Environment.NewLine),
            "docs/seed-mapping.md is stale: run READINESS_REGENERATE_DOCS=1 dotnet test tests/Readiness.Core.Tests --filter SeedMappingTests");
    }

    [Fact]
    public void Every_item_of_both_shipped_checklists_appears_in_the_mapping_page_with_its_seed_text()
    {
        var page = File.ReadAllText(PagePath);
        foreach (var item in LoadShipped().SelectMany(c => c.Items))
        {
            Assert.Contains($"| `{item.Id}` |", page);
            Assert.Contains(item.Title.Replace("|", "\\|"), page);
        }
    }

    [Fact]
    public void Automated_items_link_to_their_check_page_and_manual_items_name_who_attests()
    {
        var items = LoadShipped().SelectMany(c => c.Items).ToList();
        var check = items.First(i => i.Check is { Type: "env" });
        Assert.StartsWith("check [env](checks/env.md)", VerificationMap.HowVerified(check));
        var manual = items.First(i => i.Manual is { Approvers.Count: > 0 });
        Assert.Equal($"manual attestation by {string.Join(" or ", manual.Manual!.Approvers)}",
            VerificationMap.HowVerified(manual).Split(" (")[0]);
        var all = items.FirstOrDefault(i => i.Check is { Type: "all" });
        if (all is not null) Assert.Contains("all of: check [", VerificationMap.HowVerified(all));
    }
}
