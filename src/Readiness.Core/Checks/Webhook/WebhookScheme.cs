namespace Readiness.Core.Checks.Webhook;

public enum SignatureEncoding { Hex, Base64 }

/// <summary>How the secret string becomes HMAC key bytes.</summary>
public enum SecretEncoding
{
    /// <summary>The secret's UTF-8 bytes (GitHub, Stripe: a Stripe <c>whsec_</c> secret is used as-is).</summary>
    Utf8,
    /// <summary>Base64 after an optional <c>whsec_</c> prefix (Standard Webhooks).</summary>
    Base64,
}

public enum TimestampFormat { UnixSeconds, UnixMilliseconds, Iso8601 }

/// <summary>
/// Where a scheme puts its signature, what it signs and where the delivery id and timestamp travel. The three
/// published schemes are presets; an in-house scheme (like diffver's GitHub receiver with its own timestamp
/// header) is a preset with some fields replaced, or <see cref="Custom"/> with every field given.
/// </summary>
public sealed record WebhookScheme
{
    public required string Name { get; init; }
    /// <summary>Name for messages: GitHub, Standard Webhooks, Stripe.</summary>
    public string DisplayName { get; init; } = "custom";
    public required string SignatureHeader { get; init; }
    /// <summary>Header value template: <c>{signature}</c>, and <c>{timestamp}</c> when the timestamp rides in it (Stripe).</summary>
    public string SignatureFormat { get; init; } = "{signature}";
    public SignatureEncoding Encoding { get; init; } = SignatureEncoding.Hex;
    /// <summary>What the HMAC covers: a template of <c>{id}</c>, <c>{timestamp}</c> and <c>{body}</c> (the raw body bytes).</summary>
    public string SignedContent { get; init; } = "{body}";
    public SecretEncoding SecretEncoding { get; init; } = SecretEncoding.Utf8;
    public string? IdHeader { get; init; }
    /// <summary>JSON field of the payload carrying the delivery's id (dotted path), e.g. Stripe's event <c>id</c>.</summary>
    public string? IdField { get; init; }
    public string? EventHeader { get; init; }
    /// <summary>JSON field of the payload naming the event type, e.g. Stripe's <c>type</c>.</summary>
    public string? EventField { get; init; }
    /// <summary>Header carrying the timestamp (signed only if <see cref="SignedContent"/> contains <c>{timestamp}</c>).</summary>
    public string? TimestampHeader { get; init; }
    /// <summary>JSON field of the payload carrying the timestamp (dotted path); covered by a body signature.</summary>
    public string? TimestampField { get; init; }
    public TimestampFormat TimestampFormat { get; init; } = TimestampFormat.UnixSeconds;
    /// <summary>Replay window the scheme's reference libraries use when none is configured.</summary>
    public int DefaultToleranceSeconds { get; init; } = 300;
    /// <summary>Prefix of generated delivery ids, so they look like the scheme's own (msg_, evt_).</summary>
    public string IdPrefix { get; init; } = "";
    /// <summary>Generated ids are GUIDs (GitHub) rather than prefixed random strings.</summary>
    public bool IdIsGuid { get; init; }

    public bool HasTimestamp =>
        SignedContent.Contains("{timestamp}", StringComparison.Ordinal) || SignatureFormat.Contains("{timestamp}", StringComparison.Ordinal)
        || TimestampHeader is not null || TimestampField is not null;

    /// <summary>The signature covers the timestamp: directly, or because it is a payload field under a body signature.</summary>
    public bool TimestampIsSigned =>
        SignedContent.Contains("{timestamp}", StringComparison.Ordinal)
        || (TimestampField is not null && SignedContent.Contains("{body}", StringComparison.Ordinal));

    /// <summary>Human name of where the timestamp travels, for messages.</summary>
    public string TimestampSource =>
        TimestampHeader is not null ? $"the {TimestampHeader} header"
        : TimestampField is not null ? $"the payload field '{TimestampField}'"
        : SignatureFormat.Contains("{timestamp}", StringComparison.Ordinal) ? $"the t= part of {SignatureHeader}"
        : "no timestamp";

    /// <summary>How the delivery id is carried, for messages.</summary>
    public string IdSource =>
        IdHeader is not null ? IdHeader : IdField is not null ? $"payload field '{IdField}'" : "no delivery id";

    /// <summary>GitHub: <c>X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, raw body))</c>; no timestamp is sent or signed.</summary>
    public static WebhookScheme GitHub { get; } = new()
    {
        Name = "github",
        DisplayName = "GitHub",
        SignatureHeader = "X-Hub-Signature-256",
        SignatureFormat = "sha256={signature}",
        IdHeader = "X-GitHub-Delivery",
        EventHeader = "X-GitHub-Event",
        IdIsGuid = true,
    };

    /// <summary>Standard Webhooks: <c>webhook-signature: v1,base64(HMAC(base64 key, id.timestamp.body))</c>.</summary>
    public static WebhookScheme StandardWebhooks { get; } = new()
    {
        Name = "standard",
        DisplayName = "Standard Webhooks",
        SignatureHeader = "webhook-signature",
        SignatureFormat = "v1,{signature}",
        Encoding = SignatureEncoding.Base64,
        SignedContent = "{id}.{timestamp}.{body}",
        SecretEncoding = SecretEncoding.Base64,
        IdHeader = "webhook-id",
        TimestampHeader = "webhook-timestamp",
        IdPrefix = "msg_",
    };

    /// <summary>Stripe: <c>Stripe-Signature: t=timestamp,v1=hex(HMAC(secret UTF-8, timestamp.body))</c>; the event id is in the payload.</summary>
    public static WebhookScheme Stripe { get; } = new()
    {
        Name = "stripe",
        DisplayName = "Stripe",
        SignatureHeader = "Stripe-Signature",
        SignatureFormat = "t={timestamp},v1={signature}",
        SignedContent = "{timestamp}.{body}",
        IdField = "id",
        EventField = "type",
        IdPrefix = "evt_",
    };

    public static IReadOnlyList<string> Names { get; } = new[] { "github", "standard", "stripe", "custom" };

    /// <summary>A preset by name (case-insensitive; <c>standard-webhooks</c> is accepted). <c>custom</c> needs a signature header.</summary>
    public static WebhookScheme FromName(string name, string? customSignatureHeader = null) => name.Trim().ToLowerInvariant() switch
    {
        "github" => GitHub,
        "standard" or "standard-webhooks" or "standardwebhooks" => StandardWebhooks,
        "stripe" => Stripe,
        "custom" => new WebhookScheme
        {
            Name = "custom",
            SignatureHeader = customSignatureHeader
                ?? throw new ArgumentException("The custom webhook scheme needs a signature header name (signatureHeader)."),
            IdPrefix = "dlv_",
        },
        _ => throw new ArgumentException($"Unknown webhook scheme '{name}'. Allowed: {string.Join(", ", Names)}."),
    };

    public override string ToString() => Name;
}
