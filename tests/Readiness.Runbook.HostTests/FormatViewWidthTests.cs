namespace Readiness.Runbook.HostTests;

/// <summary>The module's table views in an 80-column host: rows fit, and words and ids are never cut in the middle.</summary>
public sealed class FormatViewWidthTests
{
    private static string[] Render(string pipeline)
    {
        using var session = new RunbookSession(new ScriptedHost());
        var text = (string)session.Invoke(pipeline + " | Out-String -Width 80").Output.Single().BaseObject;
        return text.Split('\n').Select(l => l.TrimEnd('\r', ' ')).ToArray();
    }

    [Fact]
    public void Checklist_items_fit_80_columns_and_break_ids_after_separators()
    {
        var checklist = Path.Combine(RunbookSession.RepositoryRoot, "checklists", "diffver.yaml");
        var lines = Render($"Import-ReadinessChecklist -Path '{checklist}' | ForEach-Object Items | Format-Table");
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length}: {l}"));
        var ids = lines.Where(l => l.Length > 24).Select(l => l.Substring(24, Math.Min(28, l.Length - 24)).Trim()).Where(c => c.Length > 0 && c != "--" && c != "Id").ToList();
        // Every id fragment that continues on the next line ends at '.' or '-'.
        Assert.Contains("validation-snapshot.item-6-", ids);
        Assert.DoesNotContain(ids, c => c.EndsWith("item-6-c"));
        Assert.DoesNotContain(lines, l => l.TrimEnd().EndsWith("workf") || l.TrimEnd().EndsWith("Platfo"));
    }

    [Fact]
    public void Check_results_wrap_messages_at_spaces()
    {
        var results = "[Readiness.CheckResult]@{ Id = 'signing.aws-kms-smoke'; Section = 'Signing'; Status = 'Manual'; Severity = 'High'; " +
                      "Message = 'Awaiting attestation by Platform, AppSec or the release manager of the week.' }";
        var lines = Render(results + " | Format-Table");
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length}: {l}"));
        var message = string.Join(" ", lines.Where(l => l.Length > 46).Select(l => l[46..].Trim()));
        Assert.Contains("Awaiting attestation by Platform, AppSec or the release manager of the week.", message);
    }
}
