using Readiness.Core.Running;

namespace Readiness.Core.Checks.Webhook;

/// <summary>
/// The engine behind Test-WebhookReplay and `readiness webhook-test`: one <see cref="CheckResult"/> per probe,
/// scrubbed of the secret, with ids <c>webhook.valid</c>, <c>webhook.replay</c>, ...
/// </summary>
public static class WebhookReplayTest
{
    public const string Section = "Webhook";

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(WebhookProbeOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.Now;
        var outcomes = await new WebhookProber(options).RunAsync(cancellationToken).ConfigureAwait(false);
        var secrets = new SecretRegistry();
        foreach (var form in WebhookSigner.SecretForms(options.Secret)) secrets.Add(form);
        return outcomes.Select(o =>
        {
            var result = new CheckResult
            {
                Id = $"webhook.{o.Probe}",
                Section = Section,
                Title = o.Title,
                Severity = Severity.High,
                CheckType = WebhookCheck.TypeName,
                Status = o.Status,
                Target = options.Uri.ToString(),
                Message = o.Message,
                Remediation = o.Remediation,
                Evidence = new(o.Evidence) { ["scheme"] = options.Scheme.Name },
                Duration = o.Elapsed,
                Timestamp = started,
            };
            secrets.Scrub(result);
            return result;
        }).ToList();
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

    /// <summary>Resolves a scheme name plus optional overrides (header names, timestamp location) into a scheme.</summary>
    public static WebhookScheme Scheme(string name, WebhookSchemeOverrides? overrides = null)
    {
        overrides ??= new WebhookSchemeOverrides();
        var scheme = WebhookScheme.FromName(name, overrides.SignatureHeader);
        return scheme with
        {
            SignatureHeader = overrides.SignatureHeader ?? scheme.SignatureHeader,
            SignatureFormat = overrides.SignatureFormat ?? scheme.SignatureFormat,
            Encoding = overrides.Encoding ?? scheme.Encoding,
            SignedContent = overrides.SignedContent ?? scheme.SignedContent,
            SecretEncoding = overrides.SecretEncoding ?? scheme.SecretEncoding,
            IdHeader = overrides.IdHeader ?? scheme.IdHeader,
            IdField = overrides.IdField ?? scheme.IdField,
            EventHeader = overrides.EventHeader ?? scheme.EventHeader,
            EventField = overrides.EventField ?? scheme.EventField,
            TimestampHeader = overrides.TimestampHeader ?? scheme.TimestampHeader,
            TimestampField = overrides.TimestampField ?? scheme.TimestampField,
            TimestampFormat = overrides.TimestampFormat ?? scheme.TimestampFormat,
        };
    }
}

/// <summary>Replacements for a preset's fields, for in-house schemes. Null keeps the preset's value.</summary>
public sealed class WebhookSchemeOverrides
{
    public string? SignatureHeader { get; set; }
    public string? SignatureFormat { get; set; }
    public SignatureEncoding? Encoding { get; set; }
    public string? SignedContent { get; set; }
    public SecretEncoding? SecretEncoding { get; set; }
    public string? IdHeader { get; set; }
    public string? IdField { get; set; }
    public string? EventHeader { get; set; }
    public string? EventField { get; set; }
    public string? TimestampHeader { get; set; }
    public string? TimestampField { get; set; }
    public TimestampFormat? TimestampFormat { get; set; }

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
}
