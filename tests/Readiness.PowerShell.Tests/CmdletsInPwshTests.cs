namespace Readiness.PowerShell.Tests;

/// <summary>What pwsh itself makes of the exported cmdlets and their views, where metadata alone could be wrong.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class CmdletsInPwshTests(PowerShellSession pwsh)
{
    public static IEnumerable<object[]> AllCmdlets() => CmdletContractTests.AllCmdlets();

    [Fact]
    public void Pwsh_exports_exactly_the_compiled_cmdlets()
    {
        var exported = pwsh.Run("Get-Command -Module Readiness -CommandType Cmdlet | ForEach-Object Name").Succeeded().Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal);
        Assert.Equal(CmdletCatalog.Instance.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), exported);
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void Parameter_metadata_binds(string name)
    {
        // pwsh builds a cmdlet's parameter metadata on its first call: a parameter name or alias declared twice, or one
        // that clashes with a common parameter, fails there. An unknown parameter is the only error a sound cmdlet gives.
        var run = pwsh.Run($"{name} -NoSuchParameterForThisTest 1");
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("NamedParameterNotFound,", error.FullyQualifiedErrorId);
    }

    public static IEnumerable<object[]> OutputTypes() =>
        CmdletCatalog.Instance.Cmdlets.SelectMany(c => c.OutputTypes).Select(o => o.Type)
            .Where(t => t.Assembly.GetName().Name == "Readiness.Model").Select(t => t.FullName!).Distinct().Order().Select(t => new object[] { t });

    [Theory, MemberData(nameof(OutputTypes))]
    public void Every_output_type_formats_as_a_table_and_a_list(string type)
    {
        var text = pwsh.Run($"$o = [{type}]::new(); $o | Format-Table | Out-String; $o | Format-List | Out-String; (Get-FormatData -TypeName {type}).FormatViewDefinition | ForEach-Object {{ $_.Control.GetType().Name }}")
            .Succeeded().Select(o => o.BaseObject.ToString()!).ToList();
        Assert.Contains("TableControl", text);
        Assert.Contains("ListControl", text);
    }

    [Fact]
    public void The_table_view_of_a_check_result_leads_with_Status_Severity_Id_Message()
    {
        var text = pwsh.Run("[Readiness.CheckResult]@{ Id = 'a.b'; Status = 'Failed'; Severity = 'High'; Message = 'm' } | Format-Table | Out-String").Single<string>();
        // The view groups by section, so the column headers follow a "Section: ..." line.
        var header = text.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith("Section:", StringComparison.Ordinal));
        Assert.Equal(new[] { "Status", "Severity", "Id", "Message" }, header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
