using Readiness.Core.Running;

namespace Readiness.Core.Checks.Security;

/// <summary>
/// The transport-security assessment of one endpoint, one part per item: <c>tls</c> (protocols and certificate),
/// <c>http</c> (redirect to HTTPS, HSTS), <c>headers</c> (each security header and the Observatory score) or
/// <c>config</c> (the service's security variables in one source). Each part gives one result per decision, made by
/// the tls, http-redirect, hsts, headers and env checks with the same parameters a checklist would give them; the
/// probes are shared between the decisions. Test-ReadinessTls, Test-ReadinessSecurity and `readiness security` run
/// these items through <see cref="AdHocRun"/> (<see cref="AddItems"/>).
/// </summary>
public sealed class SecurityCheck : Check<SecurityParameters>
{
    public override string Type => "security";

    public const string SectionTls = "TLS/HTTPS";
    public const string SectionHeaders = "Security Headers";
    public const string SectionConfiguration = "Security configuration";

    private sealed record Judgement(string Aspect, string Title, Severity Severity, string Type, Dictionary<string, object?> Parameters);

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, SecurityParameters p, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var d in Judgements(context, p))
        {
            var item = new ChecklistItem
            {
                Id = $"{context.Item.Id}.{d.Aspect}", Section = context.Item.Section, Title = d.Title, Severity = d.Severity,
                Remediation = context.Item.Remediation, Check = new CheckSpec { Type = d.Type, Parameters = d.Parameters },
            };
            var decided = await CheckRegistry.Default.Get(d.Type)
                .RunAsync(new CheckContext(item, new CheckParameters(item.Id, d.Parameters), context.Environment), cancellationToken).ConfigureAwait(false);
            results.AddRange(decided);
        }
        return results;
    }

    private static IEnumerable<Judgement> Judgements(CheckContext context, SecurityParameters p)
    {
        var url = p.Url ?? throw context.Parameters.Missing("url", "the https:// URL users reach the service at");
        var common = new Dictionary<string, object?> { ["url"] = url };
        if (p.Address is not null) common["address"] = p.Address;
        if (p.Timeout is { } timeout) common["timeout"] = timeout.TotalSeconds;
        switch (p.Part)
        {
            case SecurityPart.Tls:
                var tls = With(common, ("warnDays", p.WarnDays), ("failDays", p.FailDays), ("skipTrust", p.SkipTrust),
                    ("caCertificate", p.CaCertificate is null ? null : context.ResolvePath(p.CaCertificate)));
                yield return new("protocols", "TLS 1.0 and 1.1 refused, TLS 1.3 offered", Severity.High, "tls", With(tls, ("verify", List("protocols"))));
                yield return new("certificate-chain", "Certificate chains to a trusted root", Severity.Critical, "tls", With(tls, ("verify", List("chain"))));
                yield return new("certificate-hostname", "Certificate matches the host name", Severity.Critical, "tls", With(tls, ("verify", List("hostname"))));
                yield return new("certificate-expiry", "Certificate is not close to expiry", Severity.High, "tls", With(tls, ("verify", List("expiry"))));
                yield return new("certificate-key", "Certificate key and signature are strong", Severity.High, "tls", With(tls, ("verify", List("key"))));
                yield return new("certificate-renewal", "Certificate looks automatically renewed", Severity.Medium, "tls", With(tls, ("verify", List("renewal"))));
                break;
            case SecurityPart.Http:
                if (p.HttpUrl is not null)
                {
                    var redirect = With(common, ("url", p.HttpUrl), ("httpsUrl", url));
                    yield return new("redirect-to-https", "HTTP redirects to HTTPS", Severity.High, "http-redirect", redirect);
                }
                yield return new("hsts", "HSTS header configured", Severity.High, "hsts", new(common));
                break;
            case SecurityPart.Headers:
                var headers = With(common, ("xssProtection", p.XssProtection), ("minimumGrade", p.MinimumGrade), ("httpUrl", p.HttpUrl));
                yield return new("csp", "CSP (Content Security Policy) configured", Severity.High, "headers", With(headers, ("verify", List("csp"))));
                yield return new("frame-options", "X-Frame-Options: DENY", Severity.Medium, "headers", With(headers, ("verify", List("frame-options"))));
                yield return new("content-type-options", "X-Content-Type-Options: nosniff", Severity.Medium, "headers", With(headers, ("verify", List("content-type-options"))));
                yield return new("xss-protection", "X-XSS-Protection", Severity.Low, "headers", With(headers, ("verify", List("xss-protection"))));
                yield return new("referrer-policy", "Referrer-Policy", Severity.Low, "headers", With(headers, ("verify", List("referrer-policy"))));
                yield return new("permissions-policy", "Permissions-Policy", Severity.Low, "headers", With(headers, ("verify", List("permissions-policy"))));
                yield return new("cookies", "Cookies are Secure, HttpOnly and SameSite", Severity.Medium, "headers", With(headers, ("verify", List("cookies"))));
                yield return new("score", "MDN HTTP Observatory score", Severity.Medium, "headers", With(headers, ("verify", List("score"))));
                break;
            case SecurityPart.Config:
                var source = p.Source ?? throw context.Parameters.Missing("source", "process or a .env file");
                var process = source.Equals("process", StringComparison.OrdinalIgnoreCase);
                var origin = process ? new Dictionary<string, object?> { ["source"] = "process" }
                    : new Dictionary<string, object?> { ["source"] = "dotenv", ["file"] = context.ResolvePath(source) };
                var suffix = p.Qualify ? "." + (process ? "process" : Path.GetFileName(source).TrimStart('.')) : "";
                Judgement Env(string aspect, string title, Severity severity, params (string Key, object? Value)[] parameters) =>
                    new(aspect + suffix, title, severity, "env", With(origin, parameters));
                yield return Env("auth-required", "Authentication required (DIFFVER_AUTH_REQUIRED=1)", Severity.Critical, ("name", "DIFFVER_AUTH_REQUIRED"), ("equals", "1"));
                yield return Env("production-mode", "Production mode (DIFFVER_ENV=production)", Severity.Critical, ("name", "DIFFVER_ENV"), ("equals", "production"));
                yield return Env("signer-mode", "Non-deterministic signer mode configured", Severity.High, ("name", "DIFFVER_SIGNER_MODE"), ("oneOf", List("aws-kms", "kms")));
                yield return Env("webhook-secret", "Webhook signature secret is strong", Severity.Critical, ("name", "DIFFVER_GITHUB_WEBHOOK_SECRET"), ("secret", true));
                yield return Env("webhook-replay-window-setting", "Webhook replay window setting within 1..900 s", Severity.High, ("name", "DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS"), ("min", 1L), ("max", 900L));
                yield return Env("rate-limits", "Rate limits configured (DIFFVER_*RATE_LIMIT*)", Severity.High, ("pattern", "DIFFVER_*RATE_LIMIT*"), ("min", 1L));
                break;
        }
    }

    /// <summary>
    /// The items of an assessment of <paramref name="target"/>: TLS, and unless <paramref name="tlsOnly"/> the redirect,
    /// HSTS and headers; plus the security configuration of each of <paramref name="environmentSources"/>.
    /// </summary>
    public static AdHocRun AddItems(AdHocRun run, SecurityTarget target, bool tlsOnly, IReadOnlyList<string> environmentSources)
    {
        if (target.Uri.Scheme != Uri.UriSchemeHttps) throw new ArgumentException($"{target.Uri} is not an https:// URL; the assessment needs the HTTPS address.");
        var common = new Dictionary<string, object?>
        {
            ["url"] = target.Uri.AbsoluteUri, ["address"] = target.Address, ["timeout"] = target.Timeout is { } t ? $"{t.TotalSeconds}s" : null,
        };
        run.Add("security", "tls", "TLS", Severity.High, With(common, ("part", "tls"), ("caCertificate", target.CaCertificate), ("skipTrust", target.SkipTrust),
            ("warnDays", (long)target.WarnDays), ("failDays", (long)target.FailDays)), section: SectionTls);
        if (!tlsOnly)
        {
            var httpUri = target.HttpUri ?? (target.Uri.IsDefaultPort ? new UriBuilder(target.Uri) { Scheme = Uri.UriSchemeHttp, Port = -1 }.Uri : null);
            run.Add("security", "http", "HTTP", Severity.High, With(common, ("part", "http"), ("httpUrl", httpUri?.AbsoluteUri)), section: SectionTls);
            run.Add("security", "headers", "Security headers", Severity.High, With(common, ("part", "headers"), ("httpUrl", httpUri?.AbsoluteUri),
                ("xssProtection", target.XssProtection), ("minimumGrade", target.MinimumGrade)), section: SectionHeaders);
        }
        foreach (var source in environmentSources)
            run.Add("security", "config", "Security configuration", Severity.High,
                With(common, ("part", "config"), ("source", source), ("qualify", environmentSources.Count > 1)), section: SectionConfiguration);
        // The parts share nothing (TLS handshakes, the plain HTTP port, one HTTPS response, the environment), so they run
        // side by side: one after another, a cold run waited for the TLS probes before sending its first HTTP request.
        run.Parallel = Math.Max(run.Parallel, run.Items.Count);
        return run;
    }

    /// <summary>An item decides up to eight things, each probe waiting at most <paramref name="probeTimeout"/> (10 s by default).</summary>
    public static TimeSpan ItemTimeout(TimeSpan? probeTimeout) => ((probeTimeout ?? TimeSpan.FromSeconds(10)) + TimeSpan.FromSeconds(5)) * 8;

    private static Dictionary<string, object?> With(Dictionary<string, object?> source, params (string Key, object? Value)[] extra)
    {
        var copy = new Dictionary<string, object?>(source, StringComparer.Ordinal);
        foreach (var (k, v) in extra) if (v is not null) copy[k] = v;
        return copy;
    }

    private static List<object?> List(params string[] values) => values.Cast<object?>().ToList();
}

public enum SecurityPart { Tls, Http, Headers, Config }

public sealed record SecurityParameters
{
    [CheckParameter("part", Required = true)] public SecurityPart Part { get; init; }
    [CheckParameter("url")] public string? Url { get; init; }
    /// <summary>The plain http:// URL that must redirect.</summary>
    [CheckParameter("httpUrl")] public string? HttpUrl { get; init; }
    /// <summary>Connect to this address instead of resolving the host (the certificate is still checked for the host).</summary>
    [CheckParameter("address")] public string? Address { get; init; }
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
    /// <summary>PEM or DER file of the private CA that issued the certificate.</summary>
    [CheckParameter("caCertificate")] public string? CaCertificate { get; init; }
    [CheckParameter("skipTrust")] public bool SkipTrust { get; init; }
    [CheckParameter("warnDays", Min = 0)] public long WarnDays { get; init; } = 30;
    [CheckParameter("failDays", Min = 0)] public long FailDays { get; init; } = 7;
    [CheckParameter("xssProtection")] public string XssProtection { get; init; } = "modern";
    [CheckParameter("minimumGrade")] public string MinimumGrade { get; init; } = "B";
    /// <summary>Where the service's security variables live: a .env file, or "process" for this process's environment.</summary>
    [CheckParameter("source")] public string? Source { get; init; }
    /// <summary>Several sources are assessed: each decision's id names its source.</summary>
    [CheckParameter("qualify")] public bool Qualify { get; init; }
}

/// <summary>What the front ends collect about the endpoint to assess.</summary>
public sealed record SecurityTarget
{
    /// <summary>The https:// URL users reach the service at.</summary>
    public required Uri Uri { get; init; }
    /// <summary>The plain http:// URL that must redirect; by default http://host/ when the HTTPS URL is on port 443.</summary>
    public Uri? HttpUri { get; init; }
    public string? Address { get; init; }
    public string? CaCertificate { get; init; }
    public bool SkipTrust { get; init; }
    public int WarnDays { get; init; } = 30;
    public int FailDays { get; init; } = 7;
    public string XssProtection { get; init; } = "modern";
    public string MinimumGrade { get; init; } = "B";
    public TimeSpan? Timeout { get; init; }
}
