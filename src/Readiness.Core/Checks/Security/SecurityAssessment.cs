using Readiness.Core.Checks.Headers;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Security;

/// <summary>What to assess: an HTTPS endpoint and the policy to judge it by. Shared by Test-ReadinessSecurity and `readiness security`.</summary>
public sealed class SecurityAssessmentRequest
{
    /// <summary>The https:// URL users reach the service at.</summary>
    public required Uri Uri { get; init; }
    /// <summary>The plain http:// URL that must redirect; by default http://host/ when the HTTPS URL is on port 443.</summary>
    public Uri? HttpUri { get; init; }
    /// <summary>Connect to this address instead of resolving the host (the certificate is still checked for the host).</summary>
    public string? Address { get; init; }
    /// <summary>PEM or DER file of the private CA that issued the certificate.</summary>
    public string? CaCertificate { get; init; }
    public bool SkipTrust { get; init; }
    public int WarnDays { get; init; } = 30;
    public int FailDays { get; init; } = 7;
    public XssProtectionPolicy XssProtection { get; init; } = XssProtectionPolicy.Modern;
    public string MinimumGrade { get; init; } = "B";
    public TimeSpan? Timeout { get; init; }
    /// <summary>Only the TLS protocol and certificate decisions (Test-ReadinessTls).</summary>
    public bool TlsOnly { get; init; }
    /// <summary>
    /// Where the service's security variables live (seed 000): .env files, or "process" for this process's
    /// environment. Each source adds the security-configuration decisions (auth required, production mode, signer
    /// mode, webhook secret strength and replay window, rate limits).
    /// </summary>
    public IReadOnlyList<string> EnvironmentSources { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The whole transport-security assessment of one endpoint as a checklist built on the fly: one item per decision
/// (protocols, chain, host name, expiry, key, renewal, redirect, HSTS, each header, score), run by the ordinary runner,
/// so the cmdlets and the CLI get the same results a checklist run would. Probes are shared between the items.
/// </summary>
public static class SecurityAssessment
{
    public const string SectionTls = "TLS/HTTPS";
    public const string SectionHeaders = "Security Headers";

    public static Task<ReadinessReport> RunAsync(SecurityAssessmentRequest request, IReadinessHost? host, CancellationToken cancellationToken)
    {
        var checklist = BuildChecklist(request);
        var options = new RunOptions
        {
            Target = request.Uri.AbsoluteUri,
            TimeoutSeconds = request.Timeout is { } t ? Math.Max(1, (int)Math.Ceiling(t.TotalSeconds) + 5) : null,
        };
        return new ChecklistRunner().RunAsync(checklist, options, host, cancellationToken);
    }

    /// <summary>The one Boolean of -Quiet: true when no decision Failed or could not be made (Error); warnings pass.</summary>
    public static bool IsAcceptable(ReadinessReport report) => CheckStatusRules.Quiet(report.Results);

    public static Checklist BuildChecklist(SecurityAssessmentRequest r)
    {
        if (r.Uri.Scheme != Uri.UriSchemeHttps) throw new ArgumentException($"{r.Uri} is not an https:// URL; the assessment needs the HTTPS address.");
        var common = new Dictionary<string, object?> { ["url"] = r.Uri.AbsoluteUri };
        if (r.Address is not null) common["address"] = r.Address;
        if (r.Timeout is { } timeout) common["timeout"] = timeout.TotalSeconds;

        var tls = With(common, ("warnDays", (long)r.WarnDays), ("failDays", (long)r.FailDays), ("skipTrust", r.SkipTrust),
            ("caCertificate", r.CaCertificate is null ? null : Path.GetFullPath(r.CaCertificate)));
        var items = new List<ChecklistItem>
        {
            Item("tls.protocols", SectionTls, "TLS 1.0 and 1.1 refused, TLS 1.3 offered", Severity.High, "tls", With(tls, ("verify", List("protocols")))),
            Item("tls.certificate-chain", SectionTls, "Certificate chains to a trusted root", Severity.Critical, "tls", With(tls, ("verify", List("chain")))),
            Item("tls.certificate-hostname", SectionTls, "Certificate matches the host name", Severity.Critical, "tls", With(tls, ("verify", List("hostname")))),
            Item("tls.certificate-expiry", SectionTls, "Certificate is not close to expiry", Severity.High, "tls", With(tls, ("verify", List("expiry")))),
            Item("tls.certificate-key", SectionTls, "Certificate key and signature are strong", Severity.High, "tls", With(tls, ("verify", List("key")))),
            Item("tls.certificate-renewal", SectionTls, "Certificate looks automatically renewed", Severity.Medium, "tls", With(tls, ("verify", List("renewal")))),
        };
        if (!r.TlsOnly)
        {
            var httpUri = r.HttpUri ?? (r.Uri.IsDefaultPort ? new UriBuilder(r.Uri) { Scheme = Uri.UriSchemeHttp, Port = -1 }.Uri : null);
            if (httpUri is not null)
            {
                var redirect = new Dictionary<string, object?> { ["url"] = httpUri.AbsoluteUri, ["httpsUrl"] = r.Uri.AbsoluteUri };
                if (r.Address is not null) redirect["address"] = r.Address;
                if (r.Timeout is { } t) redirect["timeout"] = t.TotalSeconds;
                items.Add(Item("http.redirect-to-https", SectionTls, "HTTP redirects to HTTPS", Severity.High, "http-redirect", redirect));
            }
            items.Add(Item("http.hsts", SectionTls, "HSTS header configured", Severity.High, "hsts", new(common)));
            var headers = With(common, ("xssProtection", r.XssProtection.ToString().ToLowerInvariant()), ("minimumGrade", r.MinimumGrade),
                ("httpUrl", httpUri?.AbsoluteUri));
            items.Add(Item("headers.csp", SectionHeaders, "CSP (Content Security Policy) configured", Severity.High, "headers", With(headers, ("verify", List("csp")))));
            items.Add(Item("headers.frame-options", SectionHeaders, "X-Frame-Options: DENY", Severity.Medium, "headers", With(headers, ("verify", List("frame-options")))));
            items.Add(Item("headers.content-type-options", SectionHeaders, "X-Content-Type-Options: nosniff", Severity.Medium, "headers", With(headers, ("verify", List("content-type-options")))));
            items.Add(Item("headers.xss-protection", SectionHeaders, "X-XSS-Protection", Severity.Low, "headers", With(headers, ("verify", List("xss-protection")))));
            items.Add(Item("headers.referrer-policy", SectionHeaders, "Referrer-Policy", Severity.Low, "headers", With(headers, ("verify", List("referrer-policy")))));
            items.Add(Item("headers.permissions-policy", SectionHeaders, "Permissions-Policy", Severity.Low, "headers", With(headers, ("verify", List("permissions-policy")))));
            items.Add(Item("headers.cookies", SectionHeaders, "Cookies are Secure, HttpOnly and SameSite", Severity.Medium, "headers", With(headers, ("verify", List("cookies")))));
            items.Add(Item("headers.score", SectionHeaders, "MDN HTTP Observatory score", Severity.Medium, "headers", With(headers, ("verify", List("score")))));
        }
        foreach (var source in r.EnvironmentSources) items.AddRange(ConfigurationItems(source, r.EnvironmentSources.Count > 1));
        return new Checklist
        {
            Name = r.TlsOnly ? "tls" : "security",
            Title = $"{(r.TlsOnly ? "TLS" : "Transport security")} assessment of {r.Uri.GetLeftPart(UriPartial.Authority)}",
            Items = items,
        };
    }

    public const string SectionConfiguration = "Security configuration";

    /// <summary>The seed 000 security settings, decided by the env check against one source.</summary>
    public static IEnumerable<ChecklistItem> ConfigurationItems(string source, bool qualify)
    {
        var process = source.Equals("process", StringComparison.OrdinalIgnoreCase);
        var origin = process ? new Dictionary<string, object?> { ["source"] = "process" }
            : new Dictionary<string, object?> { ["source"] = "dotenv", ["file"] = Path.GetFullPath(source) };
        var suffix = qualify ? "." + (process ? "process" : Path.GetFileName(source).TrimStart('.')) : "";
        ChecklistItem Env(string id, string title, Severity severity, params (string Key, object? Value)[] parameters) =>
            Item($"config.{id}{suffix}", SectionConfiguration, title, severity, "env", With(origin, parameters));
        yield return Env("auth-required", "DIFFVER_AUTH_REQUIRED=1 enabled in production", Severity.Critical, ("name", "DIFFVER_AUTH_REQUIRED"), ("equals", "1"));
        yield return Env("production-mode", "DIFFVER_ENV=production", Severity.Critical, ("name", "DIFFVER_ENV"), ("equals", "production"));
        yield return Env("signer-mode", "Non-deterministic signer mode configured", Severity.High, ("name", "DIFFVER_SIGNER_MODE"), ("oneOf", List("aws-kms", "kms")));
        yield return Env("webhook-secret", "Webhook signature secret is strong", Severity.Critical, ("name", "DIFFVER_GITHUB_WEBHOOK_SECRET"), ("secret", true));
        yield return Env("webhook-replay-window", "Webhook replay window within 1..900 s", Severity.High, ("name", "DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS"), ("min", 1L), ("max", 900L));
        yield return Env("rate-limits", "Rate limits configured (DIFFVER_*RATE_LIMIT*)", Severity.High, ("pattern", "DIFFVER_*RATE_LIMIT*"), ("min", 1L));
    }

    private static ChecklistItem Item(string id, string section, string title, Severity severity, string type, Dictionary<string, object?> parameters) => new()
    {
        Id = id, Section = section, Title = title, Severity = severity, Check = new CheckSpec { Type = type, Parameters = parameters },
    };

    private static Dictionary<string, object?> With(Dictionary<string, object?> source, params (string Key, object? Value)[] extra)
    {
        var copy = new Dictionary<string, object?>(source, StringComparer.Ordinal);
        foreach (var (k, v) in extra) if (v is not null) copy[k] = v;
        return copy;
    }

    private static List<object?> List(params string[] values) => values.Cast<object?>().ToList();
}
