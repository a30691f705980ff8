namespace Readiness.Core.Running;

/// <summary>
/// Runs one check type outside a checklist, for the Test-* cmdlets: the same engine, parameters and redaction
/// as a checklist item, with a synthetic item id.
/// </summary>
public static class AdHocCheck
{
    public static async Task<CheckResult> RunAsync(string type, string id, string title, Dictionary<string, object?> parameters,
        IReadinessHost host, CancellationToken cancellationToken, string? baseDirectory = null, TimeSpan? timeout = null,
        Severity severity = Severity.High)
    {
        var run = new AdHocRun(title, baseDirectory ?? Directory.GetCurrentDirectory()) { Host = host, Timeout = timeout }
            .Add(type, id, title, severity, parameters);
        return (await run.RunAsync(cancellationToken).ConfigureAwait(false)).Single();
    }
}
