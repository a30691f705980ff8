using System.Text.Json;

namespace Readiness.Runbook.HostTests;

/// <summary>
/// Invoke-ReadinessRunbook in a real PowerShell engine: the person is a scripted host answering PromptForChoice and
/// ReadLine, so what is asked, in which words and with which choices is what a console user would see.
/// </summary>
public sealed class InvokeReadinessRunbookHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("readiness-runbook-host-").FullName;
    private readonly string _variable = "RB_SERVICE_UP_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    // These tests answer prompts as a person would; in CI the runbook rightly never prompts, so the CI variables of the
    // machine running them are set aside for the test and put back afterwards.
    private static readonly string[] CiVariables = { "CI", "GITHUB_ACTIONS", "TF_BUILD" };
    private readonly Dictionary<string, string?> _savedCi = CiVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public InvokeReadinessRunbookHostTests()
    {
        foreach (var v in CiVariables) Environment.SetEnvironmentVariable(v, null);
        Environment.SetEnvironmentVariable(_variable, "no");
        File.WriteAllText(ChecklistPath, $$"""
            schemaVersion: 1
            name: drill
            title: Incident drill
            items:
              - id: health.up
                section: Health
                title: Service answers
                severity: critical
                remediation: Restart the pods.
                check: { type: env, name: {{_variable}}, equals: "yes" }
              - id: escalation.owner
                section: Escalation
                title: Incident commander named
                severity: high
                manual:
                  approvers: [SRE]
                  instructions: "Name the commander in https://chat.example.test/incident."
            """);
    }

    private string ChecklistPath => Path.Combine(_dir, "drill.yaml");
    private string EvidencePath => Path.Combine(_dir, "drill.evidence.jsonl");
    private string RunPath => Path.Combine(_dir, "drill.runbook.json");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        foreach (var (name, value) in _savedCi) Environment.SetEnvironmentVariable(name, value);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Command(string extra = "") => $"Invoke-ReadinessRunbook -Checklist '{ChecklistPath}' -By 'SRE: Dana' {extra}";

    [Fact]
    public void Failure_asks_with_the_remediation_then_retry_passes_and_the_manual_step_is_attested_through_ReadLine()
    {
        var host = new ScriptedHost("Add a note", "pods OOMKilled", "Retry", "Attest", "", "commander is Lee", "");
        host.Script.OnChoice = label => { if (label == "Retry") Environment.SetEnvironmentVariable(_variable, "yes"); };
        using var session = new RunbookSession(host);

        var run = session.Invoke(Command($"-TimelinePath '{Path.Combine(_dir, "timeline.md")}'"));

        Assert.Equal(0, host.Script.Remaining);
        var failure = host.Script.Choices[0];
        Assert.Equal("health.up is Failed", failure.Caption);
        Assert.Equal(new[] { "&Retry", "&Skip", "Add a &note", "S&top" }, failure.Labels);
        Assert.Equal(new[] { "&Attest", "&Skip", "Add a &note", "S&top" }, host.Script.Choices[2].Labels);
        Assert.Contains("To fix: Restart the pods.", run.InformationText);
        Assert.Contains("Name the commander in https://chat.example.test/incident.", run.InformationText);
        Assert.Contains("Link: https://chat.example.test/incident", run.InformationText);
        // ReadLine is preceded by its label and the default Enter takes.
        Assert.Contains("Attested by [SRE: Dana]: ", host.Script.Written);
        Assert.True(host.Script.Progress > 0, "each step reports progress");

        var report = Assert.Single(run.Output).BaseObject;
        Assert.Equal("Go", report.GetType().GetProperty("Decision")!.GetValue(report)!.ToString());
        var entry = JsonDocument.Parse(File.ReadLines(EvidencePath).Single()).RootElement;
        Assert.Equal("SRE: Dana", entry.GetProperty("by").GetString());
        Assert.Equal("commander is Lee", entry.GetProperty("note").GetString());
        // A later run reads the entry through the chain check, as every run does.
        var later = session.Invoke($"(Get-ReadinessReport -Checklist '{ChecklistPath}' -Section Escalation -ResultsOnly).Status.ToString()");
        Assert.Equal("Attested", later.Output.Single().BaseObject);
        var timeline = File.ReadAllText(Path.Combine(_dir, "timeline.md"));
        Assert.Contains("| health.up | note | SRE: Dana |  | pods OOMKilled |", timeline);
        Assert.Contains("| escalation.owner | attested | SRE: Dana | Attested | commander is Lee |", timeline);
    }

    [Fact]
    public void Stop_then_a_second_call_resumes_with_the_same_step_and_Restart_starts_over()
    {
        var first = new ScriptedHost("Stop");
        using (var session = new RunbookSession(first))
        {
            var stopped = session.Invoke(Command());
            Assert.Contains(stopped.Warnings, w => w.Contains("run Invoke-ReadinessRunbook again to continue"));
        }
        Environment.SetEnvironmentVariable(_variable, "yes");

        var second = new ScriptedHost("Skip");
        using (var session = new RunbookSession(second))
        {
            var resumed = session.Invoke(Command());
            Assert.Contains("Resuming the run started", resumed.InformationText);
            Assert.Equal("escalation.owner awaits attestation", Assert.Single(second.Script.Choices).Caption);
        }
        var state = JsonDocument.Parse(File.ReadAllText(RunPath)).RootElement;
        Assert.Equal(2, state.GetProperty("sessions").GetInt32());

        var third = new ScriptedHost("Skip");
        using (var session = new RunbookSession(third))
        {
            var restarted = session.Invoke(Command("-Restart"));
            Assert.DoesNotContain("Resuming", restarted.InformationText);
        }
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(RunPath)).RootElement.GetProperty("sessions").GetInt32());
    }

    [Fact]
    public void WhatIf_asks_but_records_no_attestation()
    {
        Environment.SetEnvironmentVariable(_variable, "yes");
        var host = new ScriptedHost("Attest", "", "checked", "");
        using var session = new RunbookSession(host);

        session.Invoke(Command("-WhatIf"));

        Assert.Equal(0, host.Script.Remaining);
        Assert.Contains("What if: Performing the operation \"Record an attestation by SRE: Dana\" on target \"escalation.owner in", host.Script.Written);
        Assert.False(File.Exists(EvidencePath));
    }

    [Fact]
    public void NonInteractive_never_prompts_and_leaves_the_manual_step_Manual()
    {
        var host = new ScriptedHost();
        using var session = new RunbookSession(host);

        var run = session.Invoke(Command("-NonInteractive"));

        Assert.Empty(host.Script.Choices);
        Assert.Empty(host.Script.Lines);
        Assert.Contains("escalation.owner left Manual", run.InformationText);
        Assert.False(File.Exists(EvidencePath) && File.ReadAllText(EvidencePath).Length > 0);
        var report = Assert.Single(run.Output).BaseObject;
        Assert.Equal("NoGo", report.GetType().GetProperty("Decision")!.GetValue(report)!.ToString());
    }

    [Fact]
    public void A_checklist_error_is_terminating_and_names_the_problem()
    {
        using var session = new RunbookSession(new ScriptedHost());
        var error = Assert.ThrowsAny<System.Management.Automation.RuntimeException>(() =>
            session.Invoke($"Invoke-ReadinessRunbook -Checklist '{ChecklistPath}' -Section 'No such section' -NonInteractive"));
        Assert.StartsWith("ChecklistSelectionEmpty", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("No such section", error.Message);
    }
}
