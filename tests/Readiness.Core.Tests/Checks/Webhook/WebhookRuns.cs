using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>
/// Runs the webhook check as Test-WebhookReplay does (one item, one result per probe, the secret read from a
/// variable), so the receiver tests exercise the runner's redaction, timeout and cancellation too.
/// </summary>
public static class WebhookRuns
{
    private const string SecretVariable = "WEBHOOK_TEST_SECRET";

    /// <param name="scheme">The scheme name and any fields replaced, as the check's parameters.</param>
    public static Task<IReadOnlyList<CheckResult>> RunAsync(string url, IReadOnlyDictionary<string, object?> scheme, string secret,
        int? maxAge = null, TimeSpan? requestTimeout = null, CancellationToken cancellationToken = default)
    {
        var parameters = new Dictionary<string, object?>(scheme)
        {
            ["url"] = url, ["secretEnv"] = SecretVariable, ["perProbe"] = true,
            ["maxAge"] = maxAge is { } age ? $"{age}s" : null,
            ["requestTimeout"] = requestTimeout is { } t ? $"{t.TotalSeconds}s" : null,
        };
        return new AdHocRun("webhook receiver", Path.GetTempPath())
        {
            EnvironmentLookup = name => name == SecretVariable ? secret : null,
            Timeout = TimeSpan.FromMinutes(10),
        }.Add("webhook", "webhook", "Webhook receiver", Severity.High, parameters, section: "Webhook").RunAsync(cancellationToken);
    }

    public static Dictionary<string, object?> Scheme(string name, params (string Field, string Value)[] fields)
    {
        var scheme = new Dictionary<string, object?>(StringComparer.Ordinal) { ["scheme"] = name };
        foreach (var (field, value) in fields) scheme[field] = value;
        return scheme;
    }
}
