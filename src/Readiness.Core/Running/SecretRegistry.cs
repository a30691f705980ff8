namespace Readiness.Core.Running;

/// <summary>
/// Values a check read that must never be shown. Results are scrubbed with these before they leave
/// the runner, so a check that accidentally puts a secret in a message or evidence still leaks nothing.
/// </summary>
public sealed class SecretRegistry
{
    public const string Mask = "***";
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Registers a value. Very short values are not registered: masking them would shred ordinary text.</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 4) return;
        lock (_gate) _secrets.Add(value);
    }

    public IReadOnlyList<string> Values
    {
        get { lock (_gate) return _secrets.ToList(); }
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        string[] secrets;
        lock (_gate) secrets = _secrets.OrderByDescending(s => s.Length).ToArray();
        foreach (var s in secrets)
            if (text.Contains(s, StringComparison.Ordinal)) text = text.Replace(s, Mask, StringComparison.Ordinal);
        return text;
    }

    public void Scrub(CheckResult result)
    {
        result.Message = Redact(result.Message);
        result.Target = Redact(result.Target);
        result.Remediation = result.Remediation is null ? null : Redact(result.Remediation);
        foreach (var key in result.Evidence.Keys.ToList())
            result.Evidence[key] = Redact(result.Evidence[key]);
        foreach (var finding in result.Findings ?? new FactList<Finding>())
            finding.Message = Redact(finding.Message);
    }
}
