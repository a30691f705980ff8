using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>
/// Real webhook receivers on 127.0.0.1, hosted in the test process by Kestrel: <c>POST /{scheme}/{flaw}</c>.
/// Verification here is written independently of Readiness.Core (its own HMAC code per scheme), so a bug in the
/// signer cannot make both sides agree. Each flawed receiver differs from the correct one by exactly one flaw.
/// </summary>
public sealed class WebhookReceivers : IAsyncLifetime
{
    public const string GitHubSecret = "gh-receiver-secret-7Qz2Lm9Xv4Rt8Np1";
    public const string StandardSecret = "whsec_C2FtcGxlLXJlY2VpdmVyLWtleS0zMi1ieXRlcy1sb25nIQ==";
    public const string StripeSecret = "whsec_stripe-receiver-secret-5Hk8Wd3Jq";
    public const string DiffverTimestampHeader = "X-Diffver-Timestamp";
    public const int WindowSeconds = 300;

    public static readonly string[] Flaws =
        { "correct", "no-replay-cache", "no-timestamp-check", "accepts-future", "reserialised-json", "accepts-missing-signature" };

    private WebApplication? _app;
    private readonly ConcurrentDictionary<string, byte> _seen = new();

    public int Port { get; private set; }
    public string Url(string scheme, string flaw) => $"http://127.0.0.1:{Port}/{scheme}/{flaw}";

    /// <summary>Scheme names understood by the receivers: github-ts is GitHub plus diffver's unsigned timestamp header.</summary>
    public static string SecretFor(string scheme) => scheme switch
    {
        "github" or "github-ts" or "github-field" => GitHubSecret,
        "standard" => StandardSecret,
        "stripe" => StripeSecret,
        _ => throw new ArgumentException(scheme),
    };

    public async Task InitializeAsync()
    {
        Port = Fixtures.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapPost("/fail/everything", () => Results.StatusCode(500));
        _app.MapPost("/accept/everything", () => Results.Ok());
        _app.MapPost("/hang/forever", async (HttpContext http) => { await Task.Delay(Timeout.Infinite, http.RequestAborted); });
        _app.MapPost("/{scheme}/{flaw}", Receive);
        // The shipped diffver checklist posts to ${api}/webhooks/github: api = http://127.0.0.1:PORT/{scheme}/{flaw}.
        _app.MapPost("/{scheme}/{flaw}/webhooks/github", Receive);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> Receive(string scheme, string flaw, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var raw = buffer.ToArray();
        var header = (string name) => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;

        // The flaw "reserialised-json": the signature is checked over JSON re-serialised after parsing.
        var signedBody = flaw == "reserialised-json" ? Encoding.UTF8.GetBytes(JsonNode.Parse(raw)!.ToJsonString()) : raw;

        var (signaturePresent, signatureValid, timestamp, id) = scheme switch
        {
            "github" or "github-ts" or "github-field" => GitHub(header, signedBody, raw, scheme),
            "standard" => Standard(header, signedBody),
            "stripe" => Stripe(header, signedBody, raw),
            _ => (false, false, (long?)null, (string?)null),
        };

        if (!signaturePresent && flaw != "accepts-missing-signature") return Results.Text("missing signature", statusCode: 401);
        if (signaturePresent && !signatureValid) return Results.Text("bad signature", statusCode: 401);

        // Stripe's timestamp lives in the signature header: a receiver that lets an unsigned delivery through has none to check.
        var hasTimestampToCheck = scheme != "github" && !(scheme == "stripe" && !signaturePresent);
        if (hasTimestampToCheck && flaw != "no-timestamp-check")
        {
            if (timestamp is null) return Results.Text("missing timestamp", statusCode: 400);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (now - timestamp > WindowSeconds) return Results.Text("too old", statusCode: 400);
            if (flaw != "accepts-future" && timestamp - now > WindowSeconds) return Results.Text("too new", statusCode: 400);
        }

        if (flaw != "no-replay-cache" && id is not null && !_seen.TryAdd($"{scheme}/{flaw}/{id}", 0))
            return Results.Text("duplicate delivery", statusCode: 409);
        return Results.Ok();
    }

    private static (bool, bool, long?, string?) GitHub(Func<string, string?> header, byte[] signedBody, byte[] raw, string scheme)
    {
        var signature = header("X-Hub-Signature-256");
        var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(GitHubSecret), signedBody)).ToLowerInvariant();
        long? timestamp = scheme switch
        {
            "github-ts" => long.TryParse(header(DiffverTimestampHeader), out var t) ? t : null,
            "github-field" => TryField(raw, "sent_at") is { } s && DateTimeOffset.TryParse(s, out var d) ? d.ToUnixTimeSeconds() : null,
            _ => null,
        };
        return (signature is not null, signature is not null && Same(signature, expected), timestamp, header("X-GitHub-Delivery"));
    }

    private static (bool, bool, long?, string?) Standard(Func<string, string?> header, byte[] signedBody)
    {
        var signature = header("webhook-signature");
        var id = header("webhook-id");
        var timestampText = header("webhook-timestamp");
        var key = Convert.FromBase64String(StandardSecret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestampText}.").Concat(signedBody).ToArray();
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, content));
        var valid = signature?.Split(' ').Any(s => s.StartsWith("v1,") && Same(s[3..], expected)) ?? false;
        return (signature is not null, valid, long.TryParse(timestampText, out var t) ? t : null, id);
    }

    private static (bool, bool, long?, string?) Stripe(Func<string, string?> header, byte[] signedBody, byte[] raw)
    {
        var signature = header("Stripe-Signature");
        var id = TryField(raw, "id");
        if (signature is null) return (false, false, null, id);
        var parts = signature.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var t = parts.FirstOrDefault(p => p[0] == "t")?[1];
        var content = Encoding.UTF8.GetBytes($"{t}.").Concat(signedBody).ToArray();
        var expected = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(StripeSecret), content)).ToLowerInvariant();
        var valid = parts.Any(p => p[0] == "v1" && Same(p[1], expected));
        return (true, valid, long.TryParse(t, out var ts) ? ts : null, id);
    }

    private static string? TryField(byte[] raw, string name)
    {
        try { return JsonNode.Parse(raw)?[name]?.ToString(); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
