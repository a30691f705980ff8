using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.AuditEvents;

public sealed class AuditEventsCheckTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    private static string Event(string type, DateTimeOffset at) =>
        $$"""{"timestamp":"{{at.UtcDateTime:O}}","type":"{{type}}","actor":"svc-admin","tenant":"t1"}""";

    private async Task<CheckResult> Run(string content, string? within)
    {
        File.WriteAllText(Path.Combine(_dir, "audit.jsonl"), content);
        var parameters = new Dictionary<string, object?>
        {
            ["path"] = "audit.jsonl",
            ["required"] = new List<object?> { "signing_config.updated", "artifact.verification_failed" },
        };
        if (within is not null) parameters["within"] = within;
        var item = new ChecklistItem { Id = "signing.audit-events", Section = "Signing and Evidence", Title = "t", Check = new CheckSpec { Type = "audit-events", Parameters = parameters } };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    [Fact]
    public async Task Both_required_events_within_the_window_pass_and_the_latest_is_reported()
    {
        var now = DateTimeOffset.UtcNow;
        var log = string.Join("\n", Event("signing_config.updated", now.AddDays(-3)), Event("artifact.verification_failed", now.AddHours(-2)),
            Event("signing_config.updated", now.AddDays(-1)), "not json", Event("login.succeeded", now));
        var result = await Run(log, "7d");
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith(now.AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd"), result.Evidence["latest.signing_config.updated"]);
        Assert.Equal("4", result.Evidence["events"]);
    }

    [Fact]
    public async Task A_missing_event_type_is_named()
    {
        var result = await Run(Event("signing_config.updated", DateTimeOffset.UtcNow), null);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("No artifact.verification_failed audit event", result.Message);
    }

    [Fact]
    public async Task An_event_outside_the_window_fails()
    {
        var now = DateTimeOffset.UtcNow;
        var result = await Run(Event("signing_config.updated", now.AddDays(-40)) + "\n" + Event("artifact.verification_failed", now), "30d");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("signing_config.updated", result.Message);
        Assert.Contains("older than 30 days", result.Message);
    }
}
