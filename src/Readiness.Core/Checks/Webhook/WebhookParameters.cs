using System.Reflection;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Webhook;

/// <summary>Marks a <see cref="WebhookParameters"/> property as a field of the signature scheme, described for the CLI's option.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WebhookSchemeFieldAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

/// <summary>
/// The webhook check's parameters, and the one list of a scheme's replaceable fields: checklists give them as YAML
/// keys, Test-WebhookReplay and New-WebhookSignature as parameters of the same names, the CLI as options made from
/// <see cref="SchemeFields"/>. Null scheme fields keep the preset's value.
/// </summary>
public sealed record WebhookParameters
{
    [CheckParameter("url", Expected = "an absolute http or https URL")] public string? Url { get; init; }
    [CheckParameter("scheme")] public string Scheme { get; init; } = "github";
    [CheckParameter("secretEnv")] public string? SecretEnv { get; init; }
    [CheckParameter("source")] public string Source { get; init; } = "process";
    [CheckParameter("file")] public string? File { get; init; }
    [CheckParameter("maxAge")] public TimeSpan? MaxAge { get; init; }
    [CheckParameter("maxAgeEnv")] public string? MaxAgeEnv { get; init; }
    [CheckParameter("payload")] public string? Payload { get; init; }
    [CheckParameter("payloadFile")] public string? PayloadFile { get; init; }
    [CheckParameter("event")] public string Event { get; init; } = "ping";
    [CheckParameter("probes")] public IReadOnlyList<string> Probes { get; init; } = [];
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    [CheckParameter("requestTimeout")] public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>One result per probe (what Test-WebhookReplay and `readiness webhook-test` show) instead of the worst.</summary>
    [CheckParameter("perProbe")] public bool PerProbe { get; init; }

    [CheckParameter("signatureHeader"), WebhookSchemeField("Header carrying the signature (in-house schemes).")]
    public string? SignatureHeader { get; init; }
    [CheckParameter("signatureFormat"), WebhookSchemeField("Signature header template, e.g. 'sha256={signature}'.")]
    public string? SignatureFormat { get; init; }
    [CheckParameter("signedContent"), WebhookSchemeField("What is signed, e.g. '{timestamp}.{body}'.")]
    public string? SignedContent { get; init; }
    [CheckParameter("encoding"), WebhookSchemeField("Signature encoding: hex or base64.")]
    public string? Encoding { get; init; }
    [CheckParameter("secretEncoding"), WebhookSchemeField("Secret to key bytes: utf8 or base64.")]
    public string? SecretEncoding { get; init; }
    [CheckParameter("idHeader"), WebhookSchemeField("Header carrying the delivery id.")]
    public string? IdHeader { get; init; }
    [CheckParameter("idField"), WebhookSchemeField("Payload JSON field carrying the delivery id (dotted path).")]
    public string? IdField { get; init; }
    [CheckParameter("eventHeader"), WebhookSchemeField("Header carrying the event name.")]
    public string? EventHeader { get; init; }
    [CheckParameter("eventField"), WebhookSchemeField("Payload JSON field naming the event (dotted path).")]
    public string? EventField { get; init; }
    [CheckParameter("timestampHeader"), WebhookSchemeField("Header carrying the timestamp the receiver trusts.")]
    public string? TimestampHeader { get; init; }
    [CheckParameter("timestampField"), WebhookSchemeField("Payload JSON field carrying the timestamp (dotted path).")]
    public string? TimestampField { get; init; }
    [CheckParameter("timestampFormat"), WebhookSchemeField("Timestamp format: unix, unix-ms or iso8601.")]
    public string? TimestampFormat { get; init; }

    /// <summary>The scheme fields' parameter names and descriptions, in declaration order.</summary>
    public static IReadOnlyList<(string Name, string Description)> SchemeFields { get; } = typeof(WebhookParameters)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<WebhookSchemeFieldAttribute>() is not null)
        .Select(p => (p.GetCustomAttribute<CheckParameterAttribute>()!.Name, p.GetCustomAttribute<WebhookSchemeFieldAttribute>()!.Description))
        .ToList();

    /// <summary>Binds raw values (an item's, a cmdlet's, the CLI's) with the checks' one binder and error text.</summary>
    public static WebhookParameters From(string itemId, IReadOnlyDictionary<string, object?> values) =>
        CheckParameterBinder.Bind<WebhookParameters>(new CheckParameters(itemId, values.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value)));

    /// <summary>The preset named by <see cref="Scheme"/> with the given fields replaced. Invalid values throw <see cref="ArgumentException"/>.</summary>
    public WebhookScheme ResolveScheme()
    {
        var scheme = WebhookScheme.FromName(Scheme, Blank(SignatureHeader));
        return scheme with
        {
            SignatureHeader = Blank(SignatureHeader) ?? scheme.SignatureHeader,
            SignatureFormat = Blank(SignatureFormat) ?? scheme.SignatureFormat,
            Encoding = Blank(Encoding) is { } e ? ParseEncoding(e) : scheme.Encoding,
            SignedContent = Blank(SignedContent) ?? scheme.SignedContent,
            SecretEncoding = Blank(SecretEncoding) is { } s ? ParseSecretEncoding(s) : scheme.SecretEncoding,
            IdHeader = Blank(IdHeader) ?? scheme.IdHeader,
            IdField = Blank(IdField) ?? scheme.IdField,
            EventHeader = Blank(EventHeader) ?? scheme.EventHeader,
            EventField = Blank(EventField) ?? scheme.EventField,
            TimestampHeader = Blank(TimestampHeader) ?? scheme.TimestampHeader,
            TimestampField = Blank(TimestampField) ?? scheme.TimestampField,
            TimestampFormat = Blank(TimestampFormat) is { } f ? WebhookTimestamp.ParseFormat(f) : scheme.TimestampFormat,
        };
    }

    /// <summary>
    /// Reads a secret from an environment variable by name, for front ends given -SecretEnvironmentVariable.
    /// The message names the variable, never a value.
    /// </summary>
    public static string SecretFromEnvironment(string name, Func<string, string?>? lookup = null)
    {
        var value = (lookup ?? System.Environment.GetEnvironmentVariable)(name);
        if (string.IsNullOrEmpty(value))
            throw new ArgumentException($"The environment variable {name} holding the webhook secret is not set.");
        return value;
    }

    public static SignatureEncoding ParseEncoding(string text) => text.Trim().ToLowerInvariant() switch
    {
        "hex" => SignatureEncoding.Hex,
        "base64" => SignatureEncoding.Base64,
        _ => throw new ArgumentException($"Unknown signature encoding '{text}'. Allowed: hex, base64."),
    };

    public static SecretEncoding ParseSecretEncoding(string text) => text.Trim().ToLowerInvariant() switch
    {
        "utf8" or "utf-8" or "text" => Webhook.SecretEncoding.Utf8,
        "base64" or "whsec" => Webhook.SecretEncoding.Base64,
        _ => throw new ArgumentException($"Unknown secret encoding '{text}'. Allowed: utf8, base64."),
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
