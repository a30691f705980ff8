using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Reporting;

/// <summary>
/// A check type whose outcome is given by its parameters, so a test can run a real ChecklistRunner (scrubbing,
/// decision, counts) and get a report with exactly the statuses it needs.
/// </summary>
public sealed class ScriptedCheck : HandReadCheck
{
    public override string Type => "scripted";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "status", "message", "target", "file", "line", "evidence", "secret" };

    public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        if (p.GetString("secret") is { } secret)
        {
            // Registers the secret, then leaks it everywhere a careless check could: the runner must scrub all of it.
            context.Secrets.Add(secret);
            var leaky = context.Fail($"Token {secret} was accepted.", $"https://user:{secret}@127.0.0.1/", $"Rotate {secret} now.")
                .WithEvidence("token", secret).WithEvidence("header", $"Authorization: Bearer {secret}");
            leaky.Findings = new FactList<Finding> { new() { File = Path.Combine(context.BaseDirectory, "leak.txt"), Line = 1, Message = $"Token {secret} in leak.txt." } };
            return Task.FromResult(leaky);
        }
        var status = Enum.Parse<CheckStatus>(p.RequireString("status"), ignoreCase: true);
        var result = context.Result(status, p.GetString("message") ?? $"{status} result.", p.GetString("target"));
        foreach (var (k, v) in p.GetMap("evidence")) result.WithEvidence(k, v);
        if (p.GetString("file") is { } file) result.At(file, (int?)p.GetInt("line"));
        return Task.FromResult(result);
    }
}

public static class SampleReports
{
    public static ChecklistItem Item(string id, string section, string status, Severity severity = Severity.High,
        string? message = null, string? remediation = null, Dictionary<string, object?>? extra = null)
    {
        var parameters = new Dictionary<string, object?> { ["status"] = status };
        if (message is not null) parameters["message"] = message;
        foreach (var (k, v) in extra ?? new()) parameters[k] = v;
        return new ChecklistItem
        {
            Id = id, Section = section, Title = $"Title of {id}", Severity = severity, Remediation = remediation,
            Check = new CheckSpec { Type = "scripted", Parameters = parameters },
        };
    }

    public static async Task<ReadinessReport> RunAsync(params ChecklistItem[] items)
    {
        var checklist = new Checklist { Name = "sample", Title = "Sample readiness", Version = "1.2.3", Items = items.ToList() };
        var runner = new ChecklistRunner(new CheckRegistry(new ICheck[] { new ScriptedCheck() }));
        return await runner.RunAsync(checklist, new RunOptions { Target = "http://127.0.0.1:1", BaseDirectory = Path.GetTempPath() });
    }

    public static Waiver Waiver() => new()
    {
        Item = "ops.waived", Justification = "Replica count raised next sprint <b>JIRA-12</b>", ApprovedBy = "cto@example.test",
        Expires = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), Created = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
        State = WaiverState.Active, AppliedTo = { "ops.waived" },
    };

    /// <summary>Every status once, across two sections, with evidence, remediation, a file and line.</summary>
    public static Task<ReadinessReport> EveryStatusAsync() => RunAsync(
        Item("sec.passed", "Security", "Passed", message: "TLS 1.0 is refused."),
        Item("sec.failed", "Security", "Failed", message: "HSTS max-age is 300 | too short.", remediation: "Set max-age to 31536000.",
            extra: new() { ["file"] = "deploy/nginx.conf", ["line"] = 12L, ["evidence"] = new Dictionary<string, object?> { ["maxAge"] = "300" } }),
        Item("sec.error", "Security", "Error", message: "Connection to 127.0.0.1:1 was refused."),
        Item("ops.warning", "Operations", "Warning", Severity.Medium, "Only 1 replica."),
        Item("ops.skipped", "Operations", "Skipped", Severity.Low, "Not applicable."),
        Item("ops.manual", "Operations", "Manual", Severity.Medium, "Awaiting attestation by SRE."),
        Item("ops.attested", "Operations", "Attested", Severity.Medium, "Attested by ana."),
        Item("ops.waived", "Operations", "Waived", Severity.High, "Accepted until 2026-12-01 by the CTO."));
}
