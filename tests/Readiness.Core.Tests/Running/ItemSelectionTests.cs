using Readiness.Core.Running;

namespace Readiness.Core.Tests.Running;

public sealed class ItemSelectionTests
{
    private static readonly Checklist Numbered = new()
    {
        Name = "auth",
        Items = new[] { "1.1 Secrets Management", "9.1 Backups", "9.2 High Availability", "10.1 Approvals", "Signing and Evidence" }
            .Select((s, i) => new ChecklistItem { Id = $"item.n{i}", Section = s, Title = s }).ToList(),
    };

    private static string[] Sections(params string[] patterns) =>
        ItemSelection.Select(Numbered, new RunOptions { Sections = patterns.ToList() }).Select(i => i.Section).ToArray();

    [Fact]
    public void A_section_number_picks_that_section_and_a_chapter_number_its_subsections_only()
    {
        Assert.Equal(new[] { "9.1 Backups" }, Sections("9.1"));
        Assert.Equal(new[] { "9.1 Backups", "9.2 High Availability" }, Sections("9"));
        Assert.Equal(new[] { "1.1 Secrets Management" }, Sections("1"));
    }

    [Fact]
    public void Wildcards_full_names_and_names_without_the_number_match_case_insensitively()
    {
        Assert.Equal(new[] { "Signing and Evidence" }, Sections("signing*"));
        Assert.Equal(new[] { "9.2 High Availability" }, Sections("high availability"));
        Assert.Equal(new[] { "10.1 Approvals" }, Sections("10.1 APPROVALS"));
        Assert.Equal(new[] { "9.1 Backups", "9.2 High Availability" }, Sections("9.[12]*"));
    }

    [Fact]
    public void An_empty_selection_names_the_sections_that_exist()
    {
        var ex = Assert.Throws<ChecklistSelectionException>(() => Sections("9.9"));
        Assert.Contains("No section of checklist 'auth' matches '9.9'", ex.Message);
        Assert.Contains("'9.1 Backups', '9.2 High Availability'", ex.Message);
    }

    [Fact]
    public void Ids_take_wildcards()
    {
        var items = ItemSelection.Select(Numbered, new RunOptions { Ids = new() { "item.n1*", "ITEM.N4" } });
        Assert.Equal(new[] { "item.n1", "item.n4" }, items.Select(i => i.Id));
    }
}
