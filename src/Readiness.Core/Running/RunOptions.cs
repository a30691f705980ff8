namespace Readiness.Core.Running;

/// <summary>Per-run overrides. Each is nullable: null means "use the checklist setting, then the default".</summary>
public sealed class RunOptions
{
    public int? Parallel { get; set; }
    public double? TimeoutSeconds { get; set; }
    /// <summary>Run only items in these sections: names, wildcards or section numbers (see <see cref="ItemSelection"/>); empty means all.</summary>
    public List<string> Sections { get; set; } = new();
    /// <summary>Run only these item ids (wildcards allowed); empty means all.</summary>
    public List<string> Ids { get; set; } = new();
    /// <summary>Attestations that satisfy manual items, keyed by item id (latest wins).</summary>
    public IReadOnlyDictionary<string, Attestation> Attestations { get; set; } = new Dictionary<string, Attestation>();
    /// <summary>Environment lookup; process environment when null.</summary>
    public Func<string, string?>? EnvironmentLookup { get; set; }
    public string? Target { get; set; }
    /// <summary>
    /// Where relative paths resolve for a checklist that has no file (ad-hoc runs): the caller's folder, i.e. the
    /// cmdlet's PowerShell location or the CLI's working directory.
    /// </summary>
    public string? BaseDirectory { get; set; }
    /// <summary>Waivers to apply to failed items (from the waivers file beside the checklist).</summary>
    public IReadOnlyList<Waiver> Waivers { get; set; } = Array.Empty<Waiver>();
    /// <summary>
    /// Judge dates as of this instant instead of now (--as-of/-AsOf): backup ages, review dates, expiry. The report
    /// records it. Ignored when <see cref="Clock"/> is given.
    /// </summary>
    public DateTimeOffset? AsOf { get; set; }
    /// <summary>The clock dates are judged by; <see cref="AsOf"/>'s, else the system clock, when null.</summary>
    public TimeProvider? Clock { get; set; }
}
