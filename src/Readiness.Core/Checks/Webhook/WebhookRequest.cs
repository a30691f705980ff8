namespace Readiness.Core.Checks.Webhook;

/// <summary>
/// What a front end (Test-WebhookReplay, New-WebhookSignature, `readiness webhook-test`, `readiness webhook-sign`)
/// collects from its user, as plain values. Turning them into a scheme, a secret and probe options happens here,
/// so the cmdlets and commands only copy parameters. Invalid values throw <see cref="ArgumentException"/>.
/// </summary>
public sealed class WebhookRequest
{
    public string? Uri { get; set; }
    public string Scheme { get; set; } = "github";
    /// <summary>The secret itself (from a SecureString); wins over <see cref="SecretEnvironmentVariable"/>.</summary>
    public string? Secret { get; set; }
    public string? SecretEnvironmentVariable { get; set; }
    public int? MaxAgeSeconds { get; set; }
    public string? Payload { get; set; }
    public string? Event { get; set; }
    public IReadOnlyList<string> Probes { get; set; } = Array.Empty<string>();
    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();
    public int TimeoutSeconds { get; set; } = 10;

    public string? SignatureHeader { get; set; }
    public string? SignatureFormat { get; set; }
    public string? SignedContent { get; set; }
    public string? Encoding { get; set; }
    public string? SecretEncoding { get; set; }
    public string? IdHeader { get; set; }
    public string? IdField { get; set; }
    public string? EventHeader { get; set; }
    public string? TimestampHeader { get; set; }
    public string? TimestampField { get; set; }
    public string? TimestampFormat { get; set; }

    /// <summary>Environment lookup; the process environment unless a test substitutes one.</summary>
    public Func<string, string?>? EnvironmentLookup { get; set; }

    public WebhookScheme ResolveScheme() => WebhookReplayTest.Scheme(Scheme, new WebhookSchemeOverrides
    {
        SignatureHeader = Blank(SignatureHeader),
        SignatureFormat = Blank(SignatureFormat),
        SignedContent = Blank(SignedContent),
        Encoding = Blank(Encoding) is { } e ? WebhookSchemeOverrides.ParseEncoding(e) : null,
        SecretEncoding = Blank(SecretEncoding) is { } s ? WebhookSchemeOverrides.ParseSecretEncoding(s) : null,
        IdHeader = Blank(IdHeader),
        IdField = Blank(IdField),
        EventHeader = Blank(EventHeader),
        TimestampHeader = Blank(TimestampHeader),
        TimestampField = Blank(TimestampField),
        TimestampFormat = Blank(TimestampFormat) is { } f ? WebhookTimestamp.ParseFormat(f) : null,
    });

    public string ResolveSecret()
    {
        if (!string.IsNullOrEmpty(Secret)) return Secret;
        if (Blank(SecretEnvironmentVariable) is { } name) return WebhookReplayTest.SecretFromEnvironment(name, EnvironmentLookup);
        throw new ArgumentException("A webhook secret is required: give it as a SecureString or name the environment variable that holds it.");
    }

    public WebhookProbeOptions ToProbeOptions()
    {
        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || (uri.Scheme != System.Uri.UriSchemeHttp && uri.Scheme != System.Uri.UriSchemeHttps))
            throw new ArgumentException($"'{Uri}' is not an absolute http or https URL.");
        if (TimeoutSeconds <= 0) throw new ArgumentException("The request timeout must be at least 1 second.");
        return new WebhookProbeOptions
        {
            Uri = uri,
            Scheme = ResolveScheme(),
            Secret = ResolveSecret(),
            MaxAgeSeconds = MaxAgeSeconds,
            Payload = Payload,
            Event = Blank(Event) ?? "ping",
            Probes = WebhookProbes.Select(Probes),
            Headers = Headers,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSeconds),
        };
    }

    /// <summary>Signs <see cref="Payload"/> (or an empty JSON object) for New-WebhookSignature.</summary>
    public WebhookSignature Sign(string? deliveryId = null, DateTimeOffset? timestamp = null) =>
        WebhookSignatures.Create(ResolveScheme(), ResolveSecret(), Payload ?? "{}", Blank(deliveryId), timestamp, Blank(Event));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
