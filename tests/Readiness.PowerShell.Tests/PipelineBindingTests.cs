namespace Readiness.PowerShell.Tests;

/// <summary>The pipelines the docs promise, bound by pwsh itself against the packaged module.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class PipelineBindingTests(PowerShellSession pwsh) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("readiness-binding-").FullName;

    /// <summary>The Pester suite's checklist (one Passed, one Failed at High, one Manual), so both suites test the same run.</summary>
    private PowerShellRun Run(string script) => pwsh.Run(
        "param($Helpers, $Folder)\n. $Helpers\n$checklist = New-ReadinessTestChecklist -Folder $Folder\n" + script,
        new Dictionary<string, object?>
        {
            ["Helpers"] = Path.Combine(ModuleLayout.RepositoryRoot, "tests", "pester", "Readiness.TestHelpers.ps1"),
            ["Folder"] = _folder,
        });

    [Fact]
    public void Import_ReadinessChecklist_pipes_a_checklist_into_Get_ReadinessReport()
    {
        var report = Run("Import-ReadinessChecklist -Path $checklist | Get-ReadinessReport").Single<ReadinessReport>();
        Assert.Equal(Decision.NoGo, report.Decision);
        Assert.Equal(new[] { "config.region", "config.mode", "signoff.sre" }, report.Results.Select(r => r.Id));
    }

    [Fact]
    public void Results_piped_into_Get_ReadinessReport_are_aggregated_into_one_report()
    {
        var report = Run("Get-ReadinessReport -Checklist $checklist -ResultsOnly | Get-ReadinessReport").Single<ReadinessReport>();
        Assert.Equal(3, report.Results.Count);
        Assert.Equal(1, report.Counts.Failed);
        Assert.Equal(Decision.NoGo, report.Decision);
    }

    [Fact]
    public void Where_Object_filters_results_by_status_name()
    {
        var failed = Run("Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -eq Failed").Single<CheckResult>();
        Assert.Equal("config.mode", failed.Id);
    }

    [Fact]
    public void A_report_pipes_into_Export_ReadinessReport()
    {
        var path = Path.Combine(_folder, "report.json");
        Run($"Get-ReadinessReport -Checklist $checklist | Export-ReadinessReport -Format json -Path '{path}'").Succeeded();
        Assert.Contains("\"decision\": \"NoGo\"", File.ReadAllText(path));
    }

    [Fact]
    public void A_report_pipes_into_Assert_ReadinessReport_which_names_what_blocks()
    {
        var run = Run("Get-ReadinessReport -Checklist $checklist | Assert-ReadinessReport");
        var error = Assert.Single(run.Errors);
        Assert.Contains("config.mode", error.ToString());
    }

    [Fact]
    public void Piped_results_bind_to_Approve_ReadinessItem_by_property_name()
    {
        var attestation = Run("Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -eq Manual | Approve-ReadinessItem -By 'SRE: Dana' -Checklist $checklist")
            .Single<Attestation>();
        Assert.Equal("signoff.sre", attestation.ItemId);
    }

    [Fact]
    public void Test_ReadinessSecurity_binds_a_url_string_from_the_pipeline()
    {
        // Port 1 refuses at once: every result is an Error naming the piped address, and none is a binding error.
        var results = pwsh.Run("'https://127.0.0.1:1/' | Test-ReadinessSecurity").Succeeded().Select(o => Assert.IsType<CheckResult>(o.BaseObject)).ToList();
        Assert.NotEmpty(results);
        Assert.Contains(results, r => r.Target.Contains("127.0.0.1:1", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Status == CheckStatus.Error);
    }

    [Fact]
    public void Test_cmdlet_results_pipe_into_Get_ReadinessReport()
    {
        var report = pwsh.Run("'https://127.0.0.1:1/' | Test-ReadinessSecurity | Get-ReadinessReport").Single<ReadinessReport>();
        Assert.NotEmpty(report.Results);
        Assert.Equal(Decision.NoGo, report.Decision);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
