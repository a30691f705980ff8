using Readiness.Core.Checks.Hsts;
using Readiness.Core.Checks.Security;

namespace Readiness.Core.Checks.Headers;

/// <summary>One line of the score: which test, what was found, and the points it adds or removes.</summary>
public sealed record ScoreModifier(string Test, string Finding, int Points, string Description);

/// <summary>
/// A score and grade on the scale of the MDN HTTP Observatory: start at 100, add each test's modifier, count bonuses
/// only when the score without them is already 90 or more, never below 0, and map 5-point bands to grades A+..F.
/// The tests and their points are documented in docs/checks/headers.md. Subresource integrity is not assessed (it
/// needs the page's HTML), so it contributes nothing.
/// </summary>
public sealed class ObservatoryScore
{
    public const int ExtraCreditThreshold = 90;
    public static readonly string[] Grades = { "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F" };

    public required IReadOnlyList<ScoreModifier> Modifiers { get; init; }

    public int Score
    {
        get
        {
            var penalties = 100 + Modifiers.Where(m => m.Points < 0).Sum(m => m.Points);
            var withBonuses = 100 + Modifiers.Sum(m => m.Points);
            return Math.Max(0, penalties >= ExtraCreditThreshold ? withBonuses : penalties);
        }
    }

    public string Grade => GradeFor(Score);

    public static string GradeFor(int score)
    {
        var band = Math.Min(Math.Max(score, 0) / 5 * 5, 100);
        return band switch
        {
            100 => "A+", >= 90 => "A", 85 => "A-", 80 => "B+", >= 70 => "B", 65 => "B-", 60 => "C+", >= 50 => "C", 45 => "C-",
            40 => "D+", >= 30 => "D", 25 => "D-", _ => "F",
        };
    }

    /// <summary>Position in <see cref="Grades"/>: lower is better. -1 for an unknown grade.</summary>
    public static int Rank(string grade) => Array.FindIndex(Grades, g => string.Equals(g, grade.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>What is known about plain HTTP for the redirection test.</summary>
    public enum HttpSide { NotAssessed, NoListener, Observed }

    public static ObservatoryScore Evaluate(HttpObservation https, HttpSide httpSide, HttpObservation? http)
    {
        var csp = ContentSecurityPolicy.Parse(https.HeaderValues("Content-Security-Policy"));
        var hsts = https.Header("Strict-Transport-Security") is { } h ? StrictTransportSecurity.Parse(https.HeaderValues("Strict-Transport-Security")[0]) : null;
        var modifiers = new List<ScoreModifier>
        {
            ContentSecurity(https, csp),
            Cookies(https, hsts),
            CrossOriginResourceSharing(https),
            Redirection(https, httpSide, http),
            ReferrerPolicy(https),
            StrictTransport(hsts),
            ContentTypeOptions(https),
            FrameOptions(https, csp),
            CrossOriginResourcePolicy(https),
        };
        return new ObservatoryScore { Modifiers = modifiers };
    }

    private static ScoreModifier ContentSecurity(HttpObservation r, ContentSecurityPolicy csp)
    {
        const string test = "content-security-policy";
        if (r.HeaderValues("Content-Security-Policy").Count == 0) return new(test, "csp-not-implemented", -25, "No Content-Security-Policy header.");
        if (csp.IsEmpty) return new(test, "csp-header-invalid", -25, "The Content-Security-Policy header cannot be parsed.");
        var script = csp.ScriptProblems().Where(p => !p.StartsWith("'unsafe-eval'", StringComparison.Ordinal)).ToList();
        if (script.Count > 0) return new(test, "csp-implemented-with-unsafe-inline", -20, $"The policy does not stop script injection: {string.Join("; ", script)}.");
        if (csp.InsecureSchemeDirectives(passive: false).Count > 0)
            return new(test, "csp-implemented-with-insecure-scheme", -20, "The policy lets an HTTPS page load active content over http://.");
        if (csp.AllowsUnsafeEval) return new(test, "csp-implemented-with-unsafe-eval", -10, "The policy allows 'unsafe-eval'.");
        if (csp.InsecureSchemeDirectives(passive: true).Count > 0)
            return new(test, "csp-implemented-with-insecure-scheme-in-passive-content-only", -10, "The policy lets images or media load over http://.");
        if (csp.Effective("style-src") is { } style && style.Sources.Any(s => s.Equals("'unsafe-inline'", StringComparison.OrdinalIgnoreCase)))
            return new(test, "csp-implemented-with-unsafe-inline-in-style-src-only", 0, "Only style-src allows unsafe sources.");
        var defaultNone = csp.Directives.TryGetValue("default-src", out var d) && d.Count == 1 && d[0].Equals("'none'", StringComparison.OrdinalIgnoreCase);
        var formAction = csp.Directives.TryGetValue("form-action", out var f) && f.Count == 1
                         && (f[0].Equals("'none'", StringComparison.OrdinalIgnoreCase) || f[0].Equals("'self'", StringComparison.OrdinalIgnoreCase));
        return defaultNone && formAction
            ? new(test, "csp-implemented-with-no-unsafe-default-src-none", 10, "default-src 'none', nothing unsafe, form-action restricted.")
            : new(test, "csp-implemented-with-no-unsafe", 5, "A policy without 'unsafe-inline' or 'unsafe-eval'.");
    }

    private static ScoreModifier Cookies(HttpObservation r, StrictTransportSecurity? hsts)
    {
        const string test = "cookies";
        var cookies = r.HeaderValues("Set-Cookie").Select(SetCookie.Parse).OfType<SetCookie>().ToList();
        if (cookies.Count == 0) return new(test, "cookies-not-found", 0, "No cookies are set.");
        var hstsProtects = hsts is { IsValid: true, MaxAge: >= 15768000 };
        var session = cookies.Where(c => c.LooksLikeSession).ToList();
        if (session.Any(c => !c.Secure))
            return hstsProtects ? new(test, "cookies-session-without-secure-flag-but-protected-by-hsts", -10, "A session cookie lacks Secure (HSTS keeps it off plain HTTP).")
                : new(test, "cookies-session-without-secure-flag", -40, "A session cookie lacks Secure.");
        if (session.Any(c => !c.HttpOnly)) return new(test, "cookies-session-without-httponly-flag", -30, "A session cookie lacks HttpOnly.");
        if (cookies.Any(c => c.SameSite is not null && !c.SameSiteValid)) return new(test, "cookies-samesite-flag-invalid", -20, "A cookie has an invalid SameSite value.");
        if (cookies.Any(c => c.IsAntiCsrf && !c.SameSiteRestricts)) return new(test, "cookies-anticsrf-without-samesite-flag", -20, "An anti-CSRF cookie lacks SameSite.");
        if (cookies.Any(c => !c.Secure))
            return hstsProtects ? new(test, "cookies-without-secure-flag-but-protected-by-hsts", -5, "A cookie lacks Secure (HSTS keeps it off plain HTTP).")
                : new(test, "cookies-without-secure-flag", -20, "A cookie lacks Secure.");
        return cookies.All(c => c.SameSiteRestricts)
            ? new(test, "cookies-secure-with-httponly-sessions-and-samesite", 5, "All cookies Secure, session cookies HttpOnly, SameSite set.")
            : new(test, "cookies-secure-with-httponly-sessions", 0, "All cookies Secure and session cookies HttpOnly, SameSite missing.");
    }

    private static ScoreModifier CrossOriginResourceSharing(HttpObservation r)
    {
        const string test = "cross-origin-resource-sharing";
        var origin = r.Header("Access-Control-Allow-Origin")?.Trim();
        if (origin is null) return new(test, "cross-origin-resource-sharing-not-implemented", 0, "No CORS headers.");
        var credentials = string.Equals(r.Header("Access-Control-Allow-Credentials")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        if (credentials && string.Equals(origin, SecurityResponseFetcher.ProbeOrigin, StringComparison.OrdinalIgnoreCase))
            return new(test, "cross-origin-resource-sharing-implemented-with-universal-access", -50, "Any origin is reflected with credentials allowed.");
        return origin == "*" ? new(test, "cross-origin-resource-sharing-implemented-with-public-access", 0, "Public CORS access (*).")
            : new(test, "cross-origin-resource-sharing-implemented-with-restricted-access", 0, "CORS restricted to specific origins.");
    }

    private static ScoreModifier Redirection(HttpObservation https, HttpSide side, HttpObservation? http)
    {
        const string test = "redirection";
        if (side == HttpSide.NotAssessed) return new(test, "redirection-not-assessed", 0, "Plain HTTP was not probed (no HTTP URL known).");
        if (side == HttpSide.NoListener || http is null) return new(test, "redirection-not-needed-no-http", 0, "Nothing listens on plain HTTP.");
        if (http.StatusCode is < 300 or >= 400 || http.Location is not { } location) return new(test, "redirection-missing", -20, "Plain HTTP does not redirect.");
        if (location.Scheme != Uri.UriSchemeHttps) return new(test, "redirection-not-to-https", -20, "Plain HTTP redirects to another http:// URL (later redirects are not followed).");
        if (!string.Equals(location.IdnHost, https.Url.IdnHost, StringComparison.OrdinalIgnoreCase))
            return new(test, "redirection-off-host-from-http", -5, "The first redirect leaves the host, so its HSTS is never set.");
        return new(test, "redirection-to-https", 0, "Plain HTTP redirects to HTTPS on the same host.");
    }

    private static ScoreModifier ReferrerPolicy(HttpObservation r)
    {
        const string test = "referrer-policy";
        var header = r.Header("Referrer-Policy");
        if (header is null) return new(test, "referrer-policy-not-implemented", 0, "No Referrer-Policy header.");
        var policy = HeaderJudges.EffectiveReferrerPolicy(header);
        return policy is null ? new(test, "referrer-policy-header-invalid", -5, "The Referrer-Policy value is not recognised.")
            : HeaderJudges.PrivateReferrerPolicies.Contains(policy) ? new(test, "referrer-policy-private", 5, $"Referrer-Policy {policy} keeps URLs private.")
            : new(test, "referrer-policy-unsafe", -5, $"Referrer-Policy {policy} leaks URLs to other sites.");
    }

    private static ScoreModifier StrictTransport(StrictTransportSecurity? hsts)
    {
        const string test = "strict-transport-security";
        if (hsts is null) return new(test, "hsts-not-implemented", -20, "No Strict-Transport-Security header.");
        if (!hsts.IsValid) return new(test, "hsts-header-invalid", -20, $"The Strict-Transport-Security header is invalid ({hsts.Error}).");
        // The preload-list bonus (+5) needs the browsers' list, which this tool does not download.
        return hsts.MaxAge >= 15768000 ? new(test, "hsts-implemented-max-age-at-least-six-months", 0, "HSTS max-age is at least six months.")
            : new(test, "hsts-implemented-max-age-less-than-six-months", -10, "HSTS max-age is under six months.");
    }

    private static ScoreModifier ContentTypeOptions(HttpObservation r)
    {
        const string test = "x-content-type-options";
        var header = r.Header("X-Content-Type-Options");
        if (header is null) return new(test, "x-content-type-options-not-implemented", -5, "No X-Content-Type-Options header.");
        return string.Equals(header.Trim(), "nosniff", StringComparison.OrdinalIgnoreCase)
            ? new(test, "x-content-type-options-nosniff", 0, "X-Content-Type-Options is nosniff.")
            : new(test, "x-content-type-options-header-invalid", -5, "X-Content-Type-Options is not nosniff.");
    }

    private static ScoreModifier FrameOptions(HttpObservation r, ContentSecurityPolicy csp)
    {
        const string test = "x-frame-options";
        if (csp.FrameAncestors is { Count: > 0 } ancestors && !ancestors.Contains("*"))
            return new(test, "x-frame-options-implemented-via-csp", 5, "Framing is restricted with CSP frame-ancestors.");
        var header = r.Header("X-Frame-Options")?.Trim();
        if (header is null) return new(test, "x-frame-options-not-implemented", -20, "No X-Frame-Options header or frame-ancestors.");
        if (header.Equals("DENY", StringComparison.OrdinalIgnoreCase) || header.Equals("SAMEORIGIN", StringComparison.OrdinalIgnoreCase))
            return new(test, "x-frame-options-sameorigin-or-deny", 0, $"X-Frame-Options is {header.ToUpperInvariant()}.");
        return header.StartsWith("ALLOW-FROM", StringComparison.OrdinalIgnoreCase)
            ? new(test, "x-frame-options-allow-from-origin", 0, "X-Frame-Options uses ALLOW-FROM.")
            : new(test, "x-frame-options-header-invalid", -20, "X-Frame-Options is not recognised.");
    }

    private static ScoreModifier CrossOriginResourcePolicy(HttpObservation r)
    {
        const string test = "cross-origin-resource-policy";
        var header = r.Header("Cross-Origin-Resource-Policy")?.Trim().ToLowerInvariant();
        return header switch
        {
            null => new(test, "corp-not-implemented", 0, "No Cross-Origin-Resource-Policy header."),
            "same-origin" or "same-site" => new(test, $"corp-implemented-with-{header}", 10, $"Cross-Origin-Resource-Policy is {header}."),
            "cross-origin" => new(test, "corp-implemented-with-cross-origin", 0, "Cross-Origin-Resource-Policy allows cross-origin use."),
            _ => new(test, "corp-header-invalid", -5, "Cross-Origin-Resource-Policy is not recognised."),
        };
    }
}
