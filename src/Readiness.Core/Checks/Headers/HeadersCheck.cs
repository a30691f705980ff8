using Readiness.Core.Checks.Security;
using Readiness.Core.Checks.Tls;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Headers;

/// <summary>
/// The security headers of an HTTPS response: CSP, framing, nosniff, X-XSS-Protection (by a chosen policy),
/// Referrer-Policy, Permissions-Policy, cookie flags, and an overall score on the MDN HTTP Observatory scale.
/// <c>verify</c> selects the aspects one item decides.
/// </summary>
public sealed class HeadersCheck : SingleResultCheck
{
    public static readonly string[] Aspects =
        { "csp", "frame-options", "content-type-options", "xss-protection", "referrer-policy", "permissions-policy", "cookies", "score" };

    public override string Type => "headers";

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "url", "host", "port", "address", "verify", "xssProtection", "minimumGrade", "httpUrl", "timeout",
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var endpoint = Endpoint.FromParameters(context);
        var aspects = p.GetStringList("verify") is { Count: > 0 } chosen ? chosen.Select(a => a.ToLowerInvariant()).ToList() : Aspects.ToList();
        foreach (var a in aspects.Where(a => !Aspects.Contains(a)))
            throw p.Invalid("verify", $"a list of: {string.Join(", ", Aspects)} ('{a}' is not one)");
        var xss = p.GetString("xssProtection", "modern")!.ToLowerInvariant() switch
        {
            "modern" => XssProtectionPolicy.Modern,
            "enabled" => XssProtectionPolicy.Enabled,
            _ => throw p.Invalid("xssProtection", "modern (absent or 0 with a CSP that blocks inline script) or enabled (1; mode=block)"),
        };
        var minimumGrade = p.GetString("minimumGrade", "B")!;
        if (ObservatoryScore.Rank(minimumGrade) < 0) throw p.Invalid("minimumGrade", $"one of {string.Join(", ", ObservatoryScore.Grades)}");
        var timeout = SecurityResponseFetcher.ProbeTimeout(context);

        HttpObservation response;
        try
        {
            response = await SecurityResponseFetcher.GetCachedAsync(context, endpoint, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeException ex)
        {
            return context.Error(ex.Message, endpoint.Url.AbsoluteUri);
        }

        var results = new List<CheckResult>();
        foreach (var aspect in aspects)
        {
            results.Add(aspect switch
            {
                "csp" => HeaderJudges.Csp(context, response),
                "frame-options" => HeaderJudges.FrameOptions(context, response),
                "content-type-options" => HeaderJudges.ContentTypeOptions(context, response),
                "xss-protection" => HeaderJudges.XssProtection(context, response, xss),
                "referrer-policy" => HeaderJudges.ReferrerPolicy(context, response),
                "permissions-policy" => HeaderJudges.PermissionsPolicy(context, response),
                "cookies" => HeaderJudges.Cookies(context, response),
                _ => HeaderJudges.Score(context, response, await ScoreAsync(context, endpoint, response, timeout, cancellationToken).ConfigureAwait(false), minimumGrade),
            });
        }
        var combined = TlsCheck.Combine(context, results, endpoint.Url.AbsoluteUri);
        return combined.WithEvidence("status", response.StatusCode);
    }

    /// <summary>The score also needs what plain HTTP does: httpUrl if given, else port 80 when HTTPS is on 443, else not assessed.</summary>
    private static async Task<ObservatoryScore> ScoreAsync(CheckContext context, Endpoint endpoint, HttpObservation response, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        Uri? httpUrl = context.Parameters.GetString("httpUrl") is { } h ? Endpoint.ParseUrl(h, "httpUrl", context.Parameters)
            : endpoint.Url.IsDefaultPort ? new UriBuilder(endpoint.Url) { Scheme = Uri.UriSchemeHttp, Port = -1 }.Uri : null;
        if (httpUrl is null) return ObservatoryScore.Evaluate(response, ObservatoryScore.HttpSide.NotAssessed, null);
        try
        {
            var http = await SecurityResponseFetcher.GetCachedAsync(context, endpoint with { Url = httpUrl }, timeout, cancellationToken).ConfigureAwait(false);
            return ObservatoryScore.Evaluate(response, ObservatoryScore.HttpSide.Observed, http);
        }
        catch (ProbeException ex) when (ex.Failure == ProbeFailure.Unreachable)
        {
            return ObservatoryScore.Evaluate(response, ObservatoryScore.HttpSide.NoListener, null);
        }
    }
}
