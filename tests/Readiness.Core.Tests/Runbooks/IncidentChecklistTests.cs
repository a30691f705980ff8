using Readiness.Core.Runbooks;
using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Runbooks;

/// <summary>checklists/auth-service-incident.yaml: the sections on-call walks, with existing check types, against the sample.</summary>
public sealed class IncidentChecklistTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    [Fact]
    public void Sections_follow_an_incident_in_order_and_every_item_uses_a_known_check_type()
    {
        var checklist = ReadinessSession.Load(RepoFiles.Checklist("auth-service-incident.yaml"), environment: _ => null);
        Assert.Equal(new[]
        {
            "1. Service health", "2. Dependency connectivity", "3. Error-rate and latency alerts", "4. Last deploy and its rollout",
            "5. Rate limiting", "6. Rollback", "7. Escalation",
        }, checklist.Items.Select(i => i.Section).Distinct());
        Assert.All(checklist.Items.Where(i => i.Check is not null), i => Assert.Contains(i.CheckType, CheckRegistry.Default.Types));
        Assert.All(checklist.Items.Where(i => i.Check is null), i => Assert.False(string.IsNullOrWhiteSpace(i.Manual?.Instructions)));
    }

    [Fact]
    public async Task Against_the_sample_the_file_based_steps_pass_and_the_unreachable_ones_are_left_for_a_person()
    {
        var outcome = await new RunbookEngine(new ScriptedPrompt(false)).RunAsync(new RunbookRequest
        {
            ChecklistPath = RepoFiles.Checklist("auth-service-incident.yaml"),
            EvidencePath = Path.Combine(_dir, "incident.evidence.jsonl"),
            Operator = "test",
            EnvironmentLookup = _ => null,
            Clock = FixedClock.SampleDay,
            // Nothing listens on this port: Prometheus, PostgreSQL and Redis are not part of the sample.
            Variables = { ["prometheus"] = "http://127.0.0.1:9", ["dbPort"] = "9", ["redis"] = "127.0.0.1:9" },
            TimeoutSeconds = 5,
        }, CancellationToken.None);

        var status = outcome.Report.Results.ToDictionary(r => r.Id, r => r.Status);
        foreach (var id in new[] { "incident.health.endpoint", "incident.alerts.rules-loaded", "incident.deploy.rollout-strategy",
                     "incident.rate-limit.login-limit", "incident.rollback.procedure", "incident.escalation.paging-route", "incident.escalation.contacts" })
            Assert.Equal(CheckStatus.Passed, status[id]);
        Assert.Equal(CheckStatus.Error, status["incident.dependencies.redis"]);
        Assert.All(outcome.Report.Results.Where(r => r.CheckType == "manual"), r => Assert.Equal(CheckStatus.Manual, r.Status));
        Assert.All(outcome.State.Steps.Where(s => s.Result!.Status is CheckStatus.Error or CheckStatus.Manual),
            s => Assert.Equal(StepState.Pending, s.State));
    }
}
