using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Readiness.Core.Checks.Webhook;

public static class WebhookTimestamp
{
    /// <summary>Parses a timestamp in the given format; false (never an exception) for anything else or out of range.</summary>
    public static bool TryParse(string? text, TimestampFormat format, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        switch (format)
        {
            case TimestampFormat.Iso8601:
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
            case TimestampFormat.UnixMilliseconds:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                    || ms < -62135596800000L || ms > 253402300799999L) return false;
                value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                return true;
            default:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
                    || s < -62135596800L || s > 253402300799L) return false;
                value = DateTimeOffset.FromUnixTimeSeconds(s);
                return true;
        }
    }

    public static TimestampFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "unix" or "unix-seconds" or "seconds" => TimestampFormat.UnixSeconds,
        "unix-ms" or "unix-milliseconds" or "milliseconds" => TimestampFormat.UnixMilliseconds,
        "iso8601" or "iso-8601" or "rfc3339" => TimestampFormat.Iso8601,
        _ => throw new ArgumentException($"Unknown timestamp format '{text}'. Allowed: unix, unix-ms, iso8601."),
    };
}

/// <summary>Reads and writes one field of a JSON payload by dotted path (<c>data.sent_at</c>).</summary>
public static class JsonFields
{
    public static string? TryGetString(byte[] body, string path)
    {
        try
        {
            JsonNode? node = JsonNode.Parse(body);
            foreach (var name in path.Split('.'))
                node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            return node switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v => v.ToJsonString(),
                _ => null,
            };
        }
        catch (Exception ex) when (IsBadJson(ex)) { return null; }
    }

    /// <summary>Malformed JSON, duplicate keys (which JsonObject refuses lazily) or nesting beyond the reader's depth.</summary>
    private static bool IsBadJson(Exception ex) => ex is JsonException or ArgumentException or InvalidOperationException;

    /// <summary>Sets a field (creating parent objects); returns the payload unchanged when it is not a JSON object.</summary>
    public static string Set(string json, string path, JsonNode? value)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root) return json;
            var names = path.Split('.');
            var parent = root;
            foreach (var name in names[..^1])
            {
                if (parent[name] is not JsonObject child) parent[name] = child = new JsonObject();
                parent = child;
            }
            parent[names[^1]] = value;
            return root.ToJsonString();
        }
        catch (Exception ex) when (IsBadJson(ex)) { return json; }
    }

    public static bool IsJsonObject(string text)
    {
        try { return JsonNode.Parse(text) is JsonObject o && o.Count >= 0; }
        catch (Exception ex) when (IsBadJson(ex)) { return false; }
    }
}
