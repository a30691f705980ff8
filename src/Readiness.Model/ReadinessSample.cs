using System.Collections;

namespace Readiness;

/// <summary>
/// A running sample target, as Start-ReadinessSample returns it: where it listens and what a checklist run against
/// it needs, so <c>Get-ReadinessReport -Checklist $s.ChecklistPath -Variable $s.Variables -EvidencePath $s.EvidencePath</c>
/// runs what <c>readiness demo</c> runs. Stop-ReadinessSample takes it from the pipeline.
/// </summary>
public sealed class ReadinessSample
{
    /// <summary>Identifies the running target within this pwsh process.</summary>
    public Guid Id { get; set; }
    /// <summary>Base URL without a trailing slash, e.g. <c>http://127.0.0.1:40213</c>.</summary>
    public string Url { get; set; } = "";
    public int Port { get; set; }
    /// <summary>True for the production-ready configuration, false for the deliberately flawed one.</summary>
    public bool Ready { get; set; }
    /// <summary>The checklist the variables were prepared for (checklists/diffver.yaml unless given).</summary>
    public string ChecklistPath { get; set; } = "";
    /// <summary>Checklist variables: api (the Url), repo (samples/diffver) and, when ready, envFile.</summary>
    public Hashtable Variables { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Attestation file for the run; when ready it attests every manual item. Deleted when the sample stops.</summary>
    public string EvidencePath { get; set; } = "";
    public DateTimeOffset StartTime { get; set; }
    /// <summary>False once Stop-ReadinessSample has stopped it.</summary>
    public bool Running { get; set; }

    public override string ToString() => Url;
}
