using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Headers;

/// <summary>How X-XSS-Protection is judged.</summary>
public enum XssProtectionPolicy
{
    /// <summary>Today's guidance: the filter is off (absent or 0) and a CSP blocks inline script.</summary>
    Modern,
    /// <summary>The older checklist wording: X-XSS-Protection must be enabled (1; mode=block).</summary>
    Enabled,
}

/// <summary>One judge per security header; each returns the result for one aspect of the headers check.</summary>
public static class HeaderJudges
{
    public static readonly HashSet<string> PrivateReferrerPolicies = new(StringComparer.Ordinal)
        { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin" };

    private static readonly HashSet<string> KnownReferrerPolicies = new(StringComparer.Ordinal)
        { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade" };

    /// <summary>Browsers use the last value they recognise in a comma-separated Referrer-Policy.</summary>
    public static string? EffectiveReferrerPolicy(string header) =>
        header.Split(',').Select(v => v.Trim().ToLowerInvariant()).LastOrDefault(KnownReferrerPolicies.Contains);

    public static CheckResult Csp(CheckContext context, HttpObservation r)
    {
        var url = r.Url.AbsoluteUri;
        var headers = r.HeaderValues("Content-Security-Policy");
        const string fix = "Send a Content-Security-Policy such as default-src 'self'; object-src 'none'; frame-ancestors 'none', without 'unsafe-inline' or 'unsafe-eval' in script-src.";
        if (headers.Count == 0)
            return context.Fail($"{url} sends no Content-Security-Policy, so nothing limits injected scripts.", url, fix);
        var csp = ContentSecurityPolicy.Parse(headers);
        CheckResult result;
        if (csp.IsEmpty)
            result = context.Fail($"The Content-Security-Policy of {url} has no recognisable directive.", url, fix);
        else if (csp.ScriptProblems() is { Count: > 0 } problems)
            result = context.Fail($"The Content-Security-Policy of {url} does not stop script injection: {string.Join("; ", problems)}.", url, fix);
        else if (csp.InsecureSchemeDirectives(false).Concat(csp.InsecureSchemeDirectives(true)).ToList() is { Count: > 0 } insecure)
            result = context.Warn($"The Content-Security-Policy of {url} allows http:// sources in {string.Join(", ", insecure)}.", url, "Load every resource over HTTPS and drop http: sources.");
        else
            result = context.Pass($"The Content-Security-Policy of {url} restricts scripts and objects.", url);
        return result.WithEvidence("policy", csp.ToString());
    }

    public static CheckResult FrameOptions(CheckContext context, HttpObservation r)
    {
        var url = r.Url.AbsoluteUri;
        var xfo = r.Header("X-Frame-Options")?.Trim();
        var ancestors = ContentSecurityPolicy.Parse(r.HeaderValues("Content-Security-Policy")).FrameAncestors;
        const string fix = "Send X-Frame-Options: DENY (and CSP frame-ancestors 'none').";
        CheckResult result;
        if (string.Equals(xfo, "DENY", StringComparison.OrdinalIgnoreCase))
            result = context.Pass($"{url} refuses to be framed (X-Frame-Options: DENY).", url);
        else if (ancestors is { Count: 1 } && ancestors[0] == "'none'")
            result = context.Pass($"{url} refuses to be framed (CSP frame-ancestors 'none').", url);
        else if (string.Equals(xfo, "SAMEORIGIN", StringComparison.OrdinalIgnoreCase) || ancestors is { Count: > 0 } && !ancestors.Contains("*"))
            result = context.Warn($"{url} can be framed by {(xfo is not null ? "its own origin (X-Frame-Options: SAMEORIGIN)" : $"frame-ancestors {string.Join(' ', ancestors!)}")}, not denied outright.", url, fix);
        else if (xfo is null)
            result = context.Fail($"{url} can be framed by any site: it sends neither X-Frame-Options nor CSP frame-ancestors.", url, fix);
        else
            result = context.Fail($"X-Frame-Options on {url} is '{xfo}', which browsers do not honour.", url, fix);
        return result.WithEvidence("xFrameOptions", xfo ?? "(absent)").WithEvidence("frameAncestors", ancestors is null ? "(absent)" : string.Join(' ', ancestors));
    }

    public static CheckResult ContentTypeOptions(CheckContext context, HttpObservation r)
    {
        var url = r.Url.AbsoluteUri;
        var header = r.Header("X-Content-Type-Options")?.Trim();
        const string fix = "Send X-Content-Type-Options: nosniff on every response.";
        var result = header is null
            ? context.Fail($"{url} sends no X-Content-Type-Options: nosniff, so browsers may sniff content types.", url, fix)
            : string.Equals(header, "nosniff", StringComparison.OrdinalIgnoreCase)
                ? context.Pass($"{url} sends X-Content-Type-Options: nosniff.", url)
                : context.Fail($"X-Content-Type-Options on {url} is '{header}', not nosniff.", url, fix);
        return result.WithEvidence("xContentTypeOptions", header ?? "(absent)");
    }

    public static CheckResult XssProtection(CheckContext context, HttpObservation r, XssProtectionPolicy policy)
    {
        var url = r.Url.AbsoluteUri;
        var header = r.Header("X-XSS-Protection")?.Trim();
        var enabled = header is not null && header.StartsWith('1');
        var blocksInline = ContentSecurityPolicy.Parse(r.HeaderValues("Content-Security-Policy")) is { IsEmpty: false } csp && csp.BlocksInlineScript;
        CheckResult result;
        if (policy == XssProtectionPolicy.Enabled)
            result = enabled
                ? context.Pass($"{url} enables the browser XSS filter (X-XSS-Protection: {header}).", url)
                : context.Fail($"{url} does not enable X-XSS-Protection (the checklist asks for '1; mode=block').", url,
                    "Send X-XSS-Protection: 1; mode=block, or switch the item to the modern policy (0 plus a CSP that blocks inline script).");
        else if (enabled)
            result = context.Warn($"{url} enables the deprecated XSS filter (X-XSS-Protection: {header}), which can itself leak data; send 0 and rely on CSP.", url,
                "Send X-XSS-Protection: 0 (or omit it) and block inline script with Content-Security-Policy.");
        else if (!blocksInline)
            result = context.Warn($"Nothing blocks inline script on {url}: X-XSS-Protection is off, as current guidance says, but the CSP does not block inline script.", url,
                "Add a Content-Security-Policy whose script-src excludes 'unsafe-inline' (or uses nonces or hashes).");
        else
            result = context.Pass($"X-XSS-Protection is {(header is null ? "absent" : "0")} on {url} and its CSP blocks inline script, as current guidance recommends.", url);
        return result.WithEvidence("xXssProtection", header ?? "(absent)").WithEvidence("cspBlocksInlineScript", blocksInline).WithEvidence("policy", policy.ToString().ToLowerInvariant());
    }

    public static CheckResult ReferrerPolicy(CheckContext context, HttpObservation r)
    {
        var url = r.Url.AbsoluteUri;
        var header = r.Header("Referrer-Policy");
        const string fix = "Send Referrer-Policy: strict-origin-when-cross-origin (or stricter).";
        if (header is null)
            return context.Warn($"{url} sends no Referrer-Policy; browsers fall back to their default.", url, fix).WithEvidence("referrerPolicy", "(absent)");
        var policy = EffectiveReferrerPolicy(header);
        var result = policy is null
            ? context.Fail($"Referrer-Policy on {url} is '{header}', which browsers do not recognise.", url, fix)
            : PrivateReferrerPolicies.Contains(policy)
                ? context.Pass($"{url} sends Referrer-Policy: {policy}.", url)
                : context.Fail($"Referrer-Policy {policy} on {url} sends full URLs to other sites.", url, fix);
        return result.WithEvidence("referrerPolicy", header);
    }

    public static CheckResult PermissionsPolicy(CheckContext context, HttpObservation r)
    {
        var url = r.Url.AbsoluteUri;
        var header = r.Header("Permissions-Policy");
        return header is null
            ? context.Warn($"{url} sends no Permissions-Policy, so embedded content may ask for camera, microphone or location.", url,
                "Send a Permissions-Policy that disables the features the service does not use, e.g. camera=(), microphone=(), geolocation=().")
                .WithEvidence("permissionsPolicy", "(absent)")
            : context.Pass($"{url} sends a Permissions-Policy.", url).WithEvidence("permissionsPolicy", header);
    }

    public static CheckResult Cookies(CheckContext context, HttpObservation r)
    {
        var url = r.Url.AbsoluteUri;
        var cookies = r.HeaderValues("Set-Cookie").Select(SetCookie.Parse).OfType<SetCookie>().ToList();
        if (cookies.Count == 0) return context.Pass($"{url} sets no cookies.", url).WithEvidence("cookies", 0);
        var problems = new List<string>();
        foreach (var c in cookies)
        {
            var missing = new List<string>();
            if (!c.Secure) missing.Add("Secure");
            if (c.LooksLikeSession && !c.HttpOnly) missing.Add("HttpOnly");
            if (c.LooksLikeSession && !c.SameSiteRestricts) missing.Add("SameSite=Lax or Strict");
            if (missing.Count > 0) problems.Add($"{c.Name} lacks {string.Join(", ", missing)}");
        }
        var sessionProblem = cookies.Any(c => c.LooksLikeSession && (!c.Secure || !c.HttpOnly));
        var result = problems.Count == 0
            ? context.Pass($"All {cookies.Count} cookies of {url} are Secure, and session cookies are HttpOnly with SameSite.", url)
            : sessionProblem
                ? context.Fail($"Cookies of {url} are exposed: {string.Join("; ", problems)}.", url, "Set Secure on every cookie, and HttpOnly and SameSite=Lax (or Strict) on session cookies.")
                : context.Warn($"Cookies of {url} lack protections: {string.Join("; ", problems)}.", url, "Set Secure on every cookie, and HttpOnly and SameSite=Lax (or Strict) on session cookies.");
        return result.WithEvidence("cookies", string.Join(", ", cookies.Select(c =>
            $"{c.Name}[{(c.Secure ? "Secure " : "")}{(c.HttpOnly ? "HttpOnly " : "")}SameSite={c.SameSite ?? "-"}{(c.LooksLikeSession ? " session" : "")}]")));
    }

    public static CheckResult Score(CheckContext context, HttpObservation r, ObservatoryScore score, string minimumGrade)
    {
        var url = r.Url.AbsoluteUri;
        var deductions = score.Modifiers.Where(m => m.Points < 0).OrderBy(m => m.Points).ToList();
        var summary = deductions.Count == 0 ? "no deductions" : "deductions: " + string.Join(", ", deductions.Select(m => $"{m.Test} {m.Points}"));
        var result = ObservatoryScore.Rank(score.Grade) <= ObservatoryScore.Rank(minimumGrade)
            ? context.Pass($"{url} scores {score.Score} ({score.Grade}) on the MDN HTTP Observatory scale; {summary}.", url)
            : context.Fail($"{url} scores {score.Score} ({score.Grade}) on the MDN HTTP Observatory scale, under the minimum {minimumGrade}; {summary}.", url,
                "Fix the deductions listed in the evidence, largest first.");
        result.WithEvidence("score", score.Score).WithEvidence("grade", score.Grade).WithEvidence("minimumGrade", minimumGrade);
        foreach (var m in score.Modifiers)
            result.WithEvidence($"observatory.{m.Test}", $"{(m.Points > 0 ? "+" : "")}{m.Points} {m.Finding}: {m.Description}");
        return result;
    }
}
