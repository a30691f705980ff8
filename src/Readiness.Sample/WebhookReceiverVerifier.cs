using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Readiness.Core.Checks.Webhook;

namespace Readiness.Sample;

public enum WebhookVerdict { Valid, MissingSignature, MalformedSignature, BadSignature, MissingTimestamp, TooOld, TooNew }

/// <summary>
/// The sample receiver's side of a webhook (not engine code): verifies a delivery the way a careful receiver does: signature over the raw body bytes, constant-time
/// comparison, timestamp within the tolerance on both sides. Replay caching is the receiver's job, not this one.
/// </summary>
public static class WebhookReceiverVerifier
{
    public static WebhookVerdict Verify(WebhookScheme scheme, byte[] key, Func<string, string?> header, byte[] body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        var headerValue = header(scheme.SignatureHeader);
        if (string.IsNullOrWhiteSpace(headerValue)) return WebhookVerdict.MissingSignature;
        var parsed = SignatureHeaderParser.Parse(scheme, headerValue);
        if (parsed is null || parsed.Signatures.Count == 0) return WebhookVerdict.MalformedSignature;

        var timestampText = parsed.Timestamp
                            ?? (scheme.TimestampHeader is not null ? header(scheme.TimestampHeader) : null)
                            ?? (scheme.TimestampField is not null ? JsonFields.TryGetString(body, scheme.TimestampField) : null);
        var id = scheme.IdHeader is not null ? header(scheme.IdHeader) : null;

        var expected = WebhookSigner.ComputeSignature(scheme, key, id, timestampText, body);
        if (!parsed.Signatures.Any(s => SameSignature(scheme, s, expected))) return WebhookVerdict.BadSignature;

        if (!scheme.HasTimestamp) return WebhookVerdict.Valid;
        if (timestampText is null || !WebhookTimestamp.TryParse(timestampText, scheme.TimestampFormat, out var timestamp))
            return WebhookVerdict.MissingTimestamp;
        if (timestamp < now - tolerance) return WebhookVerdict.TooOld;
        if (timestamp > now + tolerance) return WebhookVerdict.TooNew;
        return WebhookVerdict.Valid;
    }

    private static bool SameSignature(WebhookScheme scheme, string given, string expected)
    {
        if (scheme.Encoding == SignatureEncoding.Hex) given = given.ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
    }
}

/// <summary>A parsed signature header: the timestamp it carries (Stripe's t=) and every signature offered.</summary>
public sealed record ParsedSignatureHeader(string? Timestamp, IReadOnlyList<string> Signatures);

/// <summary>
/// Reads a signature header according to the scheme's <see cref="WebhookScheme.SignatureFormat"/>:
/// <c>k={timestamp},v1={signature}</c> lists (Stripe, several v1 allowed), or space-separated entries
/// <c>prefix{signature}suffix</c> (Standard Webhooks' <c>v1,sig v1,sig2</c>, GitHub's <c>sha256=hex</c>).
/// Returns null for a value that does not fit; never throws.
/// </summary>
public static class SignatureHeaderParser
{
    public static ParsedSignatureHeader? Parse(WebhookScheme scheme, string? value)
    {
        if (value is null) return null;
        var format = scheme.SignatureFormat;
        var at = format.IndexOf("{signature}", StringComparison.Ordinal);
        if (at < 0) return null;
        return format.Contains(',') && format[..at].EndsWith('=') && format.Contains("={timestamp}", StringComparison.Ordinal)
            ? ParseKeyValueList(format, value)
            : ParseEntries(format[..at], format[(at + "{signature}".Length)..], value);
    }

    private static ParsedSignatureHeader? ParseKeyValueList(string format, string value)
    {
        string? signatureKey = null, timestampKey = null;
        foreach (var part in format.Split(','))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            if (part[(eq + 1)..] == "{signature}") signatureKey = part[..eq].Trim();
            else if (part[(eq + 1)..] == "{timestamp}") timestampKey = part[..eq].Trim();
        }
        if (signatureKey is null) return null;

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in value.Split(','))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var key = part[..eq].Trim();
            var v = part[(eq + 1)..].Trim();
            if (key == timestampKey) timestamp = v;
            else if (key == signatureKey && v.Length > 0) signatures.Add(v);
        }
        return signatures.Count == 0 ? null : new ParsedSignatureHeader(timestamp, signatures);
    }

    private static ParsedSignatureHeader? ParseEntries(string prefix, string suffix, string value)
    {
        var signatures = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(e => e.Length > prefix.Length + suffix.Length
                        && e.StartsWith(prefix, StringComparison.Ordinal) && e.EndsWith(suffix, StringComparison.Ordinal))
            .Select(e => e[prefix.Length..(e.Length - suffix.Length)])
            .ToList();
        return signatures.Count == 0 ? null : new ParsedSignatureHeader(null, signatures);
    }
}
