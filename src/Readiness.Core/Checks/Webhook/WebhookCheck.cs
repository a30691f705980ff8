using System.Globalization;
using Readiness.Core.Checks.Env;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Webhook;

/// <summary>
/// Signature validation and replay protection of a webhook receiver: sends the probes of
/// <see cref="WebhookProbes"/> (all, or those listed in <c>probes</c>) and reports the worst outcome, with every
/// probe's status in the evidence, or with <c>perProbe</c> one result per probe. The secret is read from an
/// environment variable or .env file, never from the checklist, and is registered for redaction before anything is sent.
/// </summary>
public sealed class WebhookCheck : Check<WebhookParameters>, ITargetChangingCheck
{
    public const string TypeName = "webhook";

    public override string Type => TypeName;

    /// <summary>A valid delivery is processed by the receiver like a real one (it may trigger a build or a mail).</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange Plan(CheckContext context)
    {
        var (uri, scheme, probes) = ReadTarget(context, CheckParameterBinder.Bind<WebhookParameters>(context.Parameters));
        return new PlannedChange(uri.ToString(), WebhookProbes.Describe(scheme.Name, probes), uri);
    }

    /// <summary>The receiver, scheme and probes of an item; bad values are parameter errors naming the item.</summary>
    public static (Uri Uri, WebhookScheme Scheme, IReadOnlyList<string> Probes) ReadTarget(CheckContext context, WebhookParameters p)
    {
        var url = p.Url ?? throw context.Parameters.Missing("url", "a string");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw context.Parameters.Invalid("url", "an absolute http or https URL");
        try { return (uri, p.ResolveScheme(), WebhookProbes.Select(p.Probes)); }
        catch (ArgumentException ex) { throw new CheckParameterException($"Item '{context.Item.Id}': {ex.Message}"); }
    }

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, WebhookParameters p, CancellationToken cancellationToken)
    {
        var (uri, scheme, probes) = ReadTarget(context, p);
        var url = p.Url!;

        var secretName = p.SecretEnv ?? throw context.Parameters.Missing("secretEnv", "a string");
        var values = ReadVariables(context, p, out var where);
        var secret = values(secretName);
        if (string.IsNullOrEmpty(secret))
            return [context.Error($"{secretName} is not set in {where}, so no webhook delivery can be signed.", url)
                .WithRemediation($"Set {secretName} in {where} to the receiver's webhook secret.")];
        foreach (var form in WebhookSigner.SecretForms(secret)) context.Secrets.Add(form);

        var (maxAge, maxAgeSource) = MaxAge(context, p, values, where);

        var options = new WebhookProbeOptions
        {
            Uri = uri,
            Scheme = scheme,
            Secret = secret,
            MaxAgeSeconds = maxAge,
            MaxAgeSource = maxAgeSource,
            Payload = p.PayloadFile is { } payloadFile ? await File.ReadAllTextAsync(context.ResolvePath(payloadFile), cancellationToken).ConfigureAwait(false) : p.Payload,
            Event = p.Event,
            Probes = probes,
            Headers = p.Headers.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase),
            RequestTimeout = Min(p.RequestTimeout, context.Timeout),
        };

        context.Environment.Host.Log(LogLevel.Verbose, $"Sending {probes.Count} {scheme.Name} webhook probes to {uri}.");
        IReadOnlyList<WebhookProbeOutcome> outcomes;
        try { outcomes = await new WebhookProber(options).RunAsync(cancellationToken).ConfigureAwait(false); }
        catch (ArgumentException ex) { return [context.Error(ex.Message, url)]; }
        if (!p.PerProbe) return [Summarise(context, url, scheme, options, outcomes)];
        return outcomes.Select(o =>
        {
            var result = context.ForAspect(o.Probe, o.Title, Severity.High).Result(o.Status, o.Message, uri.ToString()).WithRemediation(o.Remediation);
            foreach (var (k, v) in o.Evidence) result.WithEvidence(k, v);
            return result.WithEvidence("scheme", scheme.Name);
        }).ToList();
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

    private static (int? Seconds, string? Source) MaxAge(CheckContext context, WebhookParameters p, Func<string, string?> values, string where)
    {
        if (p.MaxAgeEnv is { } name)
        {
            var text = values(name);
            if (text is null)
            {
                context.Environment.Host.Log(LogLevel.Warning, $"{name} is not set in {where}; testing the scheme's default window.");
                return (p.MaxAge is { } d ? (int)d.TotalSeconds : null, null);
            }
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                throw new CheckParameterException($"Item '{context.Item.Id}': {name} is '{text}', not a positive whole number of seconds.");
            return (seconds, name);
        }
        return p.MaxAge is { } age ? ((int)Math.Ceiling(age.TotalSeconds), null) : (null, null);
    }

    /// <summary>Variable lookup for the secret and window: the process environment, or a .env file with <c>source: dotenv</c>.</summary>
    private static Func<string, string?> ReadVariables(CheckContext context, WebhookParameters p, out string where)
    {
        switch (p.Source)
        {
            case "process":
                where = "the process environment";
                return context.Environment.GetEnvironmentVariable;
            case "dotenv":
                var file = context.ResolvePath(p.File ?? throw context.Parameters.Missing("file", "a string"));
                where = Path.GetFileName(file);
                if (!File.Exists(file)) throw new FileNotFoundException($"The .env file {file} does not exist.");
                var values = EnvironmentSources.ReadDotEnv(file);
                return name => values.TryGetValue(name, out var v) ? v.Value : null;
            default:
                throw context.Parameters.Invalid("source", "process or dotenv");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
