using System.Globalization;
using Readiness.Core.Checks.Env;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Webhook;

/// <summary>
/// Signature validation and replay protection of a webhook receiver: sends the probes of
/// <see cref="WebhookProbes"/> (all, or those listed in <c>probes</c>) and reports the worst outcome, with every
/// probe's status in the evidence. The secret is read from an environment variable or .env file, never from the
/// checklist, and is registered for redaction before anything is sent.
/// </summary>
public sealed class WebhookCheck : SingleResultCheck, ITargetChangingCheck
{
    public const string TypeName = "webhook";

    public override string Type => TypeName;

    /// <summary>A valid delivery is processed by the receiver like a real one (it may trigger a build or a mail).</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange Plan(CheckContext context)
    {
        var (uri, scheme, probes) = ReadTarget(context);
        return new PlannedChange(uri.ToString(), WebhookProbes.Describe(scheme.Name, probes), uri);
    }

    private static (Uri Uri, WebhookScheme Scheme, IReadOnlyList<string> Probes) ReadTarget(CheckContext context)
    {
        var p = context.Parameters;
        var url = p.RequireString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw p.Invalid("url", "an absolute http or https URL");

        WebhookScheme scheme;
        try { scheme = WebhookReplayTest.Scheme(p.GetString("scheme", "github")!, Overrides(p)); }
        catch (ArgumentException ex) { throw new CheckParameterException($"Item '{context.Item.Id}': {ex.Message}"); }

        IReadOnlyList<string> probes;
        try { probes = WebhookProbes.Select(p.GetStringList("probes")); }
        catch (ArgumentException ex) { throw new CheckParameterException($"Item '{context.Item.Id}': {ex.Message}"); }
        return (uri, scheme, probes);
    }

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "url", "scheme", "secretEnv", "source", "file", "maxAge", "maxAgeEnv", "payload", "payloadFile", "event", "probes",
        "headers", "requestTimeout", "signatureHeader", "signatureFormat", "encoding", "signedContent", "secretEncoding",
        "idHeader", "idField", "eventHeader", "eventField", "timestampHeader", "timestampField", "timestampFormat",
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var (uri, scheme, probes) = ReadTarget(context);
        var url = p.RequireString("url");

        var secretName = p.RequireString("secretEnv");
        var values = ReadVariables(context, out var where);
        var secret = values(secretName);
        if (string.IsNullOrEmpty(secret))
            return context.Error($"{secretName} is not set in {where}, so no webhook delivery can be signed.", url)
                .WithRemediation($"Set {secretName} in {where} to the receiver's webhook secret.");
        foreach (var form in WebhookSigner.SecretForms(secret)) context.Secrets.Add(form);

        var (maxAge, maxAgeSource) = MaxAge(context, values, where);

        var options = new WebhookProbeOptions
        {
            Uri = uri,
            Scheme = scheme,
            Secret = secret,
            MaxAgeSeconds = maxAge,
            MaxAgeSource = maxAgeSource,
            Payload = p.GetString("payloadFile") is { } payloadFile ? await File.ReadAllTextAsync(context.ResolvePath(payloadFile), cancellationToken).ConfigureAwait(false) : p.GetString("payload"),
            Event = p.GetString("event", "ping")!,
            Probes = probes,
            Headers = p.GetMap("headers").ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase),
            RequestTimeout = Min(p.GetDuration("requestTimeout") ?? TimeSpan.FromSeconds(10), context.Timeout),
        };

        context.Environment.Host.Log(LogLevel.Verbose, $"Sending {probes.Count} {scheme.Name} webhook probes to {uri}.");
        IReadOnlyList<WebhookProbeOutcome> outcomes;
        try { outcomes = await new WebhookProber(options).RunAsync(cancellationToken).ConfigureAwait(false); }
        catch (ArgumentException ex) { return context.Error(ex.Message, url); }
        return Summarise(context, url, scheme, options, outcomes);
    }

    private static CheckResult Summarise(CheckContext context, string url, WebhookScheme scheme, WebhookProbeOptions options,
        IReadOnlyList<WebhookProbeOutcome> outcomes)
    {
        var notPassed = outcomes.Where(o => o.Status is not (CheckStatus.Passed or CheckStatus.Skipped)).OrderBy(o => o.Status.Rank()).ToList();
        CheckResult result;
        if (notPassed.Count == 0)
        {
            var passed = outcomes.Where(o => o.Status == CheckStatus.Passed).Select(o => o.Probe).ToList();
            var skipped = outcomes.Where(o => o.Status == CheckStatus.Skipped).ToList();
            var message = $"{url} passed {passed.Count} {scheme.DisplayName} webhook probes ({string.Join(", ", passed)})";
            message += skipped.Count == 0 ? "." : $"; {string.Join(" and ", skipped.Select(s => s.Probe))} not run: {skipped[0].Message}";
            result = context.Pass(message, url);
        }
        else
        {
            var worst = notPassed[0];
            var more = notPassed.Count - 1;
            var message = more == 0 ? worst.Message
                : $"{worst.Message.TrimEnd('.')} (and {more} more probe{(more == 1 ? "" : "s")} did not pass: {string.Join(", ", notPassed.Skip(1).Select(o => o.Probe))}).";
            result = context.Result(worst.Status, message, url).WithRemediation(worst.Remediation);
        }

        result.WithEvidence("scheme", scheme.Name).WithEvidence("windowSeconds", options.EffectiveMaxAgeSeconds)
            .WithEvidence("windowSource", options.MaxAgeSource ?? (options.MaxAgeSeconds is null ? "scheme default" : "checklist"));
        foreach (var o in outcomes)
            result.WithEvidence($"probe.{o.Probe}", $"{o.Status} (HTTP {o.Evidence.GetValueOrDefault("status", "-")})");
        return result;
    }

    private static (int? Seconds, string? Source) MaxAge(CheckContext context, Func<string, string?> values, string where)
    {
        var p = context.Parameters;
        if (p.GetString("maxAgeEnv") is { } name)
        {
            var text = values(name);
            if (text is null)
            {
                context.Environment.Host.Log(LogLevel.Warning, $"{name} is not set in {where}; testing the scheme's default window.");
                return (p.GetDuration("maxAge") is { } d ? (int)d.TotalSeconds : null, null);
            }
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                throw new CheckParameterException($"Item '{context.Item.Id}': {name} is '{text}', not a positive whole number of seconds.");
            return (seconds, name);
        }
        return p.GetDuration("maxAge") is { } age ? ((int)Math.Ceiling(age.TotalSeconds), null) : (null, null);
    }

    /// <summary>Variable lookup for the secret and window: the process environment, or a .env file with <c>source: dotenv</c>.</summary>
    private static Func<string, string?> ReadVariables(CheckContext context, out string where)
    {
        var source = context.Parameters.GetString("source", "process")!;
        switch (source)
        {
            case "process":
                where = "the process environment";
                return context.Environment.GetEnvironmentVariable;
            case "dotenv":
                var file = context.ResolvePath(context.Parameters.RequireString("file"));
                where = Path.GetFileName(file);
                if (!File.Exists(file)) throw new FileNotFoundException($"The .env file {file} does not exist.");
                var values = EnvironmentSources.ReadDotEnv(file);
                return name => values.TryGetValue(name, out var v) ? v.Value : null;
            default:
                throw context.Parameters.Invalid("source", "process or dotenv");
        }
    }

    private static WebhookSchemeOverrides Overrides(CheckParameters p) => new()
    {
        SignatureHeader = p.GetString("signatureHeader"),
        SignatureFormat = p.GetString("signatureFormat"),
        Encoding = p.GetString("encoding") is { } e ? WebhookSchemeOverrides.ParseEncoding(e) : null,
        SignedContent = p.GetString("signedContent"),
        SecretEncoding = p.GetString("secretEncoding") is { } s ? WebhookSchemeOverrides.ParseSecretEncoding(s) : null,
        IdHeader = p.GetString("idHeader"),
        IdField = p.GetString("idField"),
        EventHeader = p.GetString("eventHeader"),
        EventField = p.GetString("eventField"),
        TimestampHeader = p.GetString("timestampHeader"),
        TimestampField = p.GetString("timestampField"),
        TimestampFormat = p.GetString("timestampFormat") is { } f ? WebhookTimestamp.ParseFormat(f) : null,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
