namespace Readiness.Core.Running;

/// <summary>Everything a check needs to decide one item, and the helpers to build its result.</summary>
public sealed class CheckContext
{
    public CheckContext(ChecklistItem item, CheckParameters parameters, RunEnvironment environment)
    {
        Item = item;
        Parameters = parameters;
        Environment = environment;
    }

    public ChecklistItem Item { get; }
    public CheckParameters Parameters { get; }
    public RunEnvironment Environment { get; }

    /// <summary>Folder of the checklist file; relative paths in parameters resolve against it.</summary>
    public string BaseDirectory => Environment.BaseDirectory;
    public SecretRegistry Secrets => Environment.Secrets;
    public TimeSpan Timeout => Environment.Timeout;

    public const int DefaultProbeTimeoutSeconds = 10;

    /// <summary>
    /// How long one probe of the target may take: the item's own <c>timeout</c> when given, else 10 s, and never
    /// longer than the item's timeout, so the check reports its own "did not answer" before the runner stops it.
    /// </summary>
    public TimeSpan ProbeTimeout(TimeSpan? requested) =>
        requested ?? TimeSpan.FromSeconds(Math.Min(DefaultProbeTimeoutSeconds, Timeout.TotalSeconds));

    public string ResolvePath(string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(BaseDirectoryOf(path), path));

    /// <summary>The folder a relative parameter value resolves against: the caller's for a value built from a caller-supplied variable, else the checklist's.</summary>
    public string BaseDirectoryOf(string value) =>
        Item.Check?.PathBases is { } bases && bases.TryGetValue(value, out var folder) ? folder : BaseDirectory;

    /// <summary>
    /// The context for one aspect of this item, for a check that returns one result per aspect: its results get the
    /// id <c>item-id.aspect</c> and the aspect's own title and severity (the check's defaults, not the item's).
    /// </summary>
    public CheckContext ForAspect(string aspect, string title, Severity severity) =>
        new(new ChecklistItem
        {
            Id = $"{Item.Id}.{aspect}", Section = Item.Section, Title = title, Severity = severity,
            Remediation = Item.Remediation, Check = Item.Check,
        }, Parameters, Environment);

    public CheckResult Result(CheckStatus status, string message, string? target = null) => new()
    {
        Id = Item.Id,
        Section = Item.Section,
        Title = Item.Title,
        Severity = Item.Severity,
        CheckType = Item.CheckType,
        Status = status,
        Message = message,
        Target = target ?? "",
        Remediation = Item.Remediation,
    };

    public CheckResult Pass(string message, string? target = null) => Result(CheckStatus.Passed, message, target);
    public CheckResult Fail(string message, string? target = null, string? remediation = null) =>
        Result(CheckStatus.Failed, message, target).WithRemediation(remediation);
    public CheckResult Warn(string message, string? target = null, string? remediation = null) =>
        Result(CheckStatus.Warning, message, target).WithRemediation(remediation);
    public CheckResult Error(string message, string? target = null) => Result(CheckStatus.Error, message, target);
}

public static class CheckResultExtensions
{
    public static CheckResult WithEvidence(this CheckResult result, string key, object? value)
    {
        result.Evidence[key] = value switch
        {
            null => "",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return result;
    }

    public static CheckResult WithRemediation(this CheckResult result, string? remediation)
    {
        if (!string.IsNullOrWhiteSpace(remediation)) result.Remediation = remediation;
        return result;
    }

    public static CheckResult At(this CheckResult result, string? file, int? line)
    {
        result.File = file;
        result.Line = line;
        return result;
    }
}
