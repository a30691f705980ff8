using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Readiness.Core.Checks.Webhook;

/// <summary>Signs a body the way a scheme's sender does. The body is signed byte for byte as given.</summary>
public static class WebhookSigner
{
    private const string StandardSecretPrefix = "whsec_";

    /// <summary>HMAC key bytes for a secret. Throws <see cref="ArgumentException"/> (never quoting the secret) when it cannot be decoded.</summary>
    public static byte[] KeyBytes(WebhookScheme scheme, string secret)
    {
        if (string.IsNullOrEmpty(secret)) throw new ArgumentException("The webhook secret is empty.");
        if (scheme.SecretEncoding == SecretEncoding.Utf8) return Encoding.UTF8.GetBytes(secret);
        var encoded = secret.StartsWith(StandardSecretPrefix, StringComparison.Ordinal) ? secret[StandardSecretPrefix.Length..] : secret;
        try { return Convert.FromBase64String(encoded); }
        catch (FormatException)
        {
            throw new ArgumentException($"The secret for the {scheme.Name} scheme must be base64, optionally prefixed with {StandardSecretPrefix}; it is not.");
        }
    }

    /// <summary>The secret's representations that must never be shown: the string, and its base64 part without the prefix.</summary>
    public static IEnumerable<string> SecretForms(string secret)
    {
        yield return secret;
        if (secret.StartsWith(StandardSecretPrefix, StringComparison.Ordinal)) yield return secret[StandardSecretPrefix.Length..];
    }

    public static string FormatTimestamp(DateTimeOffset timestamp, TimestampFormat format) => format switch
    {
        TimestampFormat.UnixMilliseconds => timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        TimestampFormat.Iso8601 => timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The encoded HMAC-SHA256 over the scheme's signed content.</summary>
    public static string ComputeSignature(WebhookScheme scheme, byte[] key, string? id, string? timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(key);
        var mac = hmac.ComputeHash(SignedContent(scheme.SignedContent, id, timestamp, body));
        return scheme.Encoding == SignatureEncoding.Base64 ? Convert.ToBase64String(mac) : Convert.ToHexString(mac).ToLowerInvariant();
    }

    /// <summary>Expands a signed-content template; <c>{body}</c> is the raw bytes, never re-encoded.</summary>
    public static byte[] SignedContent(string template, string? id, string? timestamp, byte[] body)
    {
        using var buffer = new MemoryStream();
        var rest = template.AsSpan();
        while (rest.Length > 0)
        {
            var open = rest.IndexOf('{');
            var close = open < 0 ? -1 : rest[open..].IndexOf('}');
            if (open < 0 || close < 0)
            {
                Write(buffer, rest.ToString());
                break;
            }
            Write(buffer, rest[..open].ToString());
            var name = rest.Slice(open + 1, close - 1).ToString();
            switch (name)
            {
                case "body": buffer.Write(body); break;
                case "id": Write(buffer, id ?? ""); break;
                case "timestamp": Write(buffer, timestamp ?? ""); break;
                default: Write(buffer, "{" + name + "}"); break;
            }
            rest = rest[(open + close + 1)..];
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Signs <paramref name="body"/> and returns every header a sender would send. The id and timestamp are used
    /// where the scheme carries them; a timestamp inside the payload must already be in the body.
    /// </summary>
    public static WebhookSignature Sign(WebhookScheme scheme, byte[] key, string body, string? id, DateTimeOffset timestamp, string? eventName)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var timestampText = FormatTimestamp(timestamp, scheme.TimestampFormat);
        var signature = ComputeSignature(scheme, key, id, timestampText, bodyBytes);
        var headerValue = scheme.SignatureFormat.Replace("{timestamp}", timestampText, StringComparison.Ordinal)
            .Replace("{signature}", signature, StringComparison.Ordinal);

        var result = new WebhookSignature
        {
            Scheme = scheme.Name,
            DeliveryId = id,
            Event = eventName,
            Timestamp = scheme.HasTimestamp ? DateTimeOffset.FromUnixTimeSeconds(timestamp.ToUnixTimeSeconds()) : null,
            SignatureHeader = scheme.SignatureHeader,
            Signature = headerValue,
            Body = body,
        };
        if (scheme.IdHeader is not null && id is not null) result.Headers[scheme.IdHeader] = id;
        if (scheme.EventHeader is not null && eventName is not null) result.Headers[scheme.EventHeader] = eventName;
        if (scheme.TimestampHeader is not null) result.Headers[scheme.TimestampHeader] = timestampText;
        result.Headers[scheme.SignatureHeader] = headerValue;
        return result;
    }

    public static WebhookSignature Sign(WebhookScheme scheme, string secret, string body, string? id, DateTimeOffset timestamp, string? eventName) =>
        Sign(scheme, KeyBytes(scheme, secret), body, id, timestamp, eventName);

    private static void Write(MemoryStream buffer, string text) => buffer.Write(Encoding.UTF8.GetBytes(text));
}

/// <summary>The engine behind New-WebhookSignature and `readiness webhook-sign`.</summary>
public static class WebhookSignatures
{
    /// <summary>
    /// Signs <paramref name="payload"/> as given (its bytes are not changed). A missing id is generated in the
    /// scheme's style, or read from the payload's id field (Stripe); a missing timestamp is now.
    /// </summary>
    public static WebhookSignature Create(WebhookScheme scheme, string secret, string payload, string? id = null,
        DateTimeOffset? timestamp = null, string? eventName = null)
    {
        id ??= scheme.IdField is not null ? JsonFields.TryGetString(System.Text.Encoding.UTF8.GetBytes(payload), scheme.IdField) : null;
        id ??= scheme.IdIsGuid ? Guid.NewGuid().ToString()
            : scheme.IdPrefix + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        eventName ??= scheme.EventHeader is not null ? "ping" : null;
        return WebhookSigner.Sign(scheme, secret, payload, id, timestamp ?? DateTimeOffset.UtcNow, eventName);
    }
}
