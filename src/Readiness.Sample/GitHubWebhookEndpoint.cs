using System.Collections.Concurrent;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Sample;

/// <summary>
/// /webhooks/github: diffver's GitHub receiver. Ready: verifies X-Hub-Signature-256 over the raw body with the
/// secret of samples/diffver/.env.ready and rejects a repeated X-GitHub-Delivery. Not ready: it accepts anything
/// (the flaws the webhook probes exist to catch).
/// </summary>
public sealed class GitHubWebhookEndpoint : ISampleEndpoint
{
    /// <summary>
    /// The sample's webhook secret, derived rather than written out so no secret-shaped literal sits in the source;
    /// the same value stands in samples/diffver/.env.ready (a test keeps them equal).
    /// </summary>
    public static readonly string SampleSecret = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("readiness-sample-webhook"u8));

    private readonly ConcurrentDictionary<string, byte> _seenDeliveries = new(StringComparer.Ordinal);

    public string Path => "/webhooks/github";
    public string Method => "POST";

    public SampleResponse Handle(SampleRequest request, bool ready)
    {
        if (!ready) return SampleResponse.Text("accepted", 202);
        var scheme = WebhookScheme.GitHub;
        var verdict = WebhookReceiverVerifier.Verify(scheme, WebhookSigner.KeyBytes(scheme, SampleSecret),
            name => request.Headers.TryGetValue(name, out var v) ? v : null, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        if (verdict != WebhookVerdict.Valid) return SampleResponse.Text($"rejected: {verdict}", 401);
        var delivery = request.Headers.TryGetValue("X-GitHub-Delivery", out var id) ? id : "";
        if (delivery.Length == 0) return SampleResponse.Text("missing X-GitHub-Delivery", 400);
        if (_seenDeliveries.Count > 100_000) _seenDeliveries.Clear();
        return _seenDeliveries.TryAdd(delivery, 0) ? SampleResponse.Text("accepted", 202) : SampleResponse.Text("duplicate delivery", 409);
    }
}
