using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>`readiness runbook` on a pseudo-terminal: the answers a person types, a session killed and resumed, and --yes.</summary>
public sealed class RunbookCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-runbook-" + Guid.NewGuid().ToString("N")[..10]);

    public RunbookCommandTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Env, "SERVICE_UP=no\n");
        File.WriteAllText(Path.Combine(_dir, "drill.yaml"), """
            schemaVersion: 1
            name: drill
            title: Incident drill
            items:
              - id: health.up
                section: Health
                title: Service answers
                severity: critical
                remediation: Restart the pods with kubectl rollout restart deploy/auth.
                check: { type: env, source: dotenv, file: .env, name: SERVICE_UP, equals: "yes" }
              - id: escalation.commander
                section: Escalation
                title: Incident commander named
                severity: high
                manual:
                  approvers: [SRE]
                  instructions: "Name the commander in https://chat.example.test/incident and record who it is."
              - id: escalation.status-page
                section: Escalation
                title: Status page updated
                severity: medium
                manual: { approvers: [Support] }
            """);
    }

    private string Env => Path.Combine(_dir, ".env");
    private string Evidence => Path.Combine(_dir, "drill.evidence.jsonl");

    public void Dispose() => Directory.Delete(_dir, true);

    private PseudoTerminal Start(params string[] extra) =>
        new(_dir, 90, new[] { "runbook", "drill.yaml", "--by", "SRE: Dana" }.Concat(extra).ToArray());

    [Fact]
    public void Answers_note_retry_attest_and_skip_as_a_person_types_them()
    {
        Assert.True(PseudoTerminal.Available, "util-linux script is needed for the pseudo-terminal");
        using var term = Start("--timeline", "timeline.md");

        term.WaitFor("health.up is Failed");
        Assert.Contains("Restart the pods with kubectl rollout restart deploy/auth.", term.Screen);
        term.WaitFor("What now?");
        term.Type("n");
        term.WaitFor("Note:");
        term.Type("pods crash-looping");
        term.WaitFor("What now?", afterOccurrences: 1);
        File.WriteAllText(Env, "SERVICE_UP=yes\n");
        term.Type("r");

        term.WaitFor("escalation.commander awaits attestation");
        Assert.Contains("Link: https://chat.example.test/incident", term.Screen);
        term.WaitFor("Sign it off?");
        term.Type("a");
        term.WaitFor("Attested by (SRE: Dana):"); // Enter takes the operator
        term.Type("");
        term.WaitFor("Note (what was verified):");
        term.Type("Lee is commander");
        term.WaitFor("Expires");
        term.Type("2026-12-31");
        term.WaitFor("Attested escalation.commander by SRE: Dana");

        term.WaitFor("Sign it off?", afterOccurrences: 1);
        term.Type("s");
        Assert.Equal(0, term.WaitForExit());
        Assert.Contains("Decision: Conditional", term.Screen);

        var entry = JsonDocument.Parse(File.ReadLines(Evidence).Single()).RootElement;
        Assert.Equal(("escalation.commander", "SRE: Dana", "Lee is commander"),
            (entry.GetProperty("itemId").GetString(), entry.GetProperty("by").GetString(), entry.GetProperty("note").GetString()));
        Assert.StartsWith("2027-01-01", entry.GetProperty("expires").GetString());
        var timeline = File.ReadAllText(Path.Combine(_dir, "timeline.md"));
        Assert.Contains("| health.up | retry | SRE: Dana |", timeline);
        Assert.Contains("| escalation.status-page | skipped | SRE: Dana | Manual |", timeline);
        // The verify command reads the same chain.
        Assert.Equal(0, CliRunner.Invoke(_dir, "verify-attestations", "--evidence", Evidence).ExitCode);
    }

    [Fact]
    public void A_killed_session_resumes_at_the_step_it_was_on()
    {
        File.WriteAllText(Env, "SERVICE_UP=yes\n");
        using (var first = Start())
        {
            first.WaitFor("escalation.commander awaits attestation");
            first.WaitFor("Sign it off?");
            first.Kill();
        }

        using var second = Start();
        second.WaitFor("Resuming the run started");
        Assert.Contains("1 of 3 steps done", second.Screen);
        second.WaitFor("Sign it off?");
        Assert.DoesNotContain("[1/3] health.up", second.Screen);
        second.Type("t");
        Assert.Equal(1, second.WaitForExit());
        Assert.Contains("Stopped at escalation.commander", second.Screen);

        using var third = Start("--restart");
        third.WaitFor("[1/3] health.up");
        Assert.DoesNotContain("Resuming", third.Screen);
        third.WaitFor("Sign it off?");
        third.Kill();
    }

    [Fact]
    public void Yes_runs_the_automated_items_and_asks_nothing()
    {
        var run = CliRunner.Invoke(_dir, "runbook", "drill.yaml", "--yes", "--timeline", "t.json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("health.up left for a person", run.Out);
        Assert.Contains("escalation.commander left Manual", run.Out);
        Assert.DoesNotContain("Sign it off?", run.Out);
        Assert.False(File.Exists(Evidence));
        using var timeline = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "t.json")));
        Assert.Equal(new[] { "Pending", "Pending", "Pending" },
            timeline.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
    }

    [Fact]
    public void Without_a_terminal_nothing_is_asked_either()
    {
        // CliRunner redirects standard input: there is nobody to ask.
        var run = CliRunner.Invoke(_dir, "runbook", "drill.yaml");
        Assert.Contains("escalation.commander left Manual", run.Out);
        Assert.Equal(1, run.ExitCode);
    }
}
