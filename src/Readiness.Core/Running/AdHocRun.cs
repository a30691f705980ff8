namespace Readiness.Core.Running;

/// <summary>
/// The one way a Test-*/Invoke-* cmdlet or a CLI command runs checks outside a checklist file: its items go through
/// <see cref="ChecklistRunner"/> like any checklist's (confirmation, timeout, exceptions as Error, redaction, progress),
/// so a cmdlet and a checklist item with the same parameters give the same results.
/// </summary>
public sealed class AdHocRun
{
    /// <param name="activity">What is checked, e.g. "TLS": the host's progress shows "Checking TLS".</param>
    /// <param name="baseDirectory">Where relative paths resolve: the cmdlet's PowerShell location or the CLI's working directory.</param>
    public AdHocRun(string activity, string baseDirectory)
    {
        Activity = activity;
        BaseDirectory = baseDirectory;
    }

    public string Activity { get; }
    public string BaseDirectory { get; }
    public IReadinessHost Host { get; init; } = NullHost.Instance;
    /// <summary>Per-item timeout; the checklist default when null.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>
    /// Items run one at a time unless raised: an ad-hoc run is usually aspects of one target. Settable so that the code
    /// adding items that are independent of each other (<see cref="Checks.Security.SecurityCheck.AddItems"/>) can say so.
    /// </summary>
    public int Parallel { get; set; } = 1;
    public Func<string, string?>? EnvironmentLookup { get; init; }
    public Dictionary<string, string> Variables { get; init; } = new(StringComparer.Ordinal);
    public TimeProvider? Clock { get; init; }
    /// <summary>The report's title and target, for commands that render the report.</summary>
    public string? Title { get; init; }
    public string? Target { get; init; }
    public List<ChecklistItem> Items { get; } = new();

    /// <summary>Adds one item; null parameter values are left out, as if the option was not given.</summary>
    public AdHocRun Add(string type, string id, string title, Severity severity, IEnumerable<KeyValuePair<string, object?>> parameters,
        string section = "ad-hoc", string? remediation = null)
    {
        Items.Add(new ChecklistItem
        {
            Id = id, Section = section, Title = title, Severity = severity, Remediation = remediation,
            Check = new CheckSpec
            {
                Type = type,
                Parameters = parameters.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            },
        });
        return this;
    }

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken cancellationToken) =>
        (await RunReportAsync(cancellationToken).ConfigureAwait(false)).Results;

    /// <summary>The whole report, for commands that render or gate on it.</summary>
    public Task<ReadinessReport> RunReportAsync(CancellationToken cancellationToken)
    {
        var checklist = new Checklist
        {
            Name = Activity, Title = Title, Variables = Variables, Items = Items,
            Settings = new ChecklistSettings { Parallel = Parallel },
        };
        var options = new RunOptions
        {
            BaseDirectory = BaseDirectory,
            TimeoutSeconds = Timeout?.TotalSeconds,
            EnvironmentLookup = EnvironmentLookup,
            Clock = Clock,
            Target = Target,
        };
        return new ChecklistRunner().RunAsync(checklist, options, Host, cancellationToken);
    }
}
