namespace Readiness.Core.Running;

/// <summary>
/// Runs one check type outside a checklist, for the Test-* cmdlets: the same engine, parameters and redaction
/// as a checklist item, with a synthetic item id.
/// </summary>
public static class AdHocCheck
{
    public static Task<CheckResult> RunAsync(string type, string id, string title, Dictionary<string, object?> parameters,
        IReadinessHost host, CancellationToken cancellationToken, string? baseDirectory = null, TimeSpan? timeout = null,
        Severity severity = Severity.High)
    {
        var item = new ChecklistItem
        {
            Id = id, Section = "ad-hoc", Title = title, Severity = severity,
            Check = new CheckSpec { Type = type, Parameters = parameters.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) },
        };
        var environment = new RunEnvironment(baseDirectory ?? Directory.GetCurrentDirectory())
        {
            Host = host,
            Timeout = timeout ?? TimeSpan.FromSeconds(ChecklistSettings.DefaultTimeoutSeconds),
        };
        return new ChecklistRunner().RunItemAsync(item, environment, cancellationToken);
    }
}
