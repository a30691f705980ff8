namespace Readiness.Core.Checks.Webhook;

/// <summary>The probes Test-WebhookReplay sends, in sending order, with the title each result carries.</summary>
public static class WebhookProbes
{
    public const string Valid = "valid";
    public const string Replay = "replay";
    public const string Stale = "stale";
    public const string Future = "future";
    public const string Tampered = "tampered";
    public const string WrongSecret = "wrong-secret";
    public const string Unsigned = "unsigned";

    public static IReadOnlyList<string> All { get; } = new[] { Valid, Replay, Stale, Future, Tampered, WrongSecret, Unsigned };

    public static string Title(string probe) => probe switch
    {
        Valid => "A correctly signed fresh delivery is accepted",
        Replay => "The identical delivery sent again is rejected",
        Stale => "A delivery older than the replay window is rejected",
        Future => "A delivery timestamped beyond the window in the future is rejected",
        Tampered => "A body changed after signing is rejected",
        WrongSecret => "A signature made with another secret is rejected",
        Unsigned => "A delivery without a signature is rejected",
        _ => probe,
    };

    /// <summary>Validates a probe selection; an unknown name is an <see cref="ArgumentException"/> listing the allowed ones.</summary>
    /// <summary>What sending these probes does, as confirmation prompts and -WhatIf show it.</summary>
    public static string Describe(string scheme, IReadOnlyList<string> probes) =>
        $"Send signed {scheme} webhook deliveries for {probes.Count} probe(s): {string.Join(", ", probes)}";

    public static IReadOnlyList<string> Select(IEnumerable<string>? names)
    {
        var list = names?.Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).ToList();
        if (list is null || list.Count == 0) return All;
        foreach (var name in list)
            if (!All.Contains(name)) throw new ArgumentException($"Unknown webhook probe '{name}'. Allowed: {string.Join(", ", All)}.");
        return All.Where(list.Contains).ToList();
    }
}

/// <summary>What one probe found, before it becomes a <see cref="CheckResult"/>.</summary>
public sealed record WebhookProbeOutcome(string Probe, CheckStatus Status, string Message, Dictionary<string, string> Evidence,
    string? Remediation = null)
{
    /// <summary>Time from sending this probe's first delivery to judging it.</summary>
    public TimeSpan Elapsed { get; init; }

    public string Title => WebhookProbes.Title(Probe);
}

/// <summary>Everything a webhook probe run needs. The secret is held only here and never copied into an outcome.</summary>
public sealed class WebhookProbeOptions
{
    public required Uri Uri { get; init; }
    public required WebhookScheme Scheme { get; init; }
    public required string Secret { get; init; }
    /// <summary>The receiver's replay window; null uses the scheme's default tolerance (300 s).</summary>
    public int? MaxAgeSeconds { get; init; }
    /// <summary>Where the window comes from (e.g. DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS), named in messages.</summary>
    public string? MaxAgeSource { get; init; }
    /// <summary>Payload to send; null sends a small ping payload. Scheme fields (id, type, timestamp) are set in a JSON object payload.</summary>
    public string? Payload { get; init; }
    public string Event { get; init; } = "ping";
    public IReadOnlyList<string> Probes { get; init; } = WebhookProbes.All;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int EffectiveMaxAgeSeconds => MaxAgeSeconds ?? Scheme.DefaultToleranceSeconds;
}
