namespace Readiness;

/// <summary>
/// A signed webhook delivery as a sender would send it: what New-WebhookSignature returns. The headers carry the
/// signature (never the secret), so the object can be shown, logged and replayed in a runbook.
/// </summary>
public sealed class WebhookSignature
{
    /// <summary>Scheme name: github, standard, stripe or custom.</summary>
    public string Scheme { get; set; } = "";
    /// <summary>Delivery id (X-GitHub-Delivery, webhook-id, or the payload's id for Stripe).</summary>
    public string? DeliveryId { get; set; }
    public string? Event { get; set; }
    /// <summary>The timestamp the delivery carries, when the scheme has one.</summary>
    public DateTimeOffset? Timestamp { get; set; }
    /// <summary>Name of the header holding the signature, e.g. X-Hub-Signature-256.</summary>
    public string SignatureHeader { get; set; } = "";
    /// <summary>The signature header's value, e.g. <c>sha256=757107ea...</c>.</summary>
    public string Signature { get; set; } = "";
    /// <summary>Every header to send, signature included, in sending order.</summary>
    public FactMap<string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The exact body that was signed; send these bytes unchanged.</summary>
    public string Body { get; set; } = "";

    public override string ToString() => $"{SignatureHeader}: {Signature}";
}
