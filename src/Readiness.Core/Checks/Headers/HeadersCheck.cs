using Readiness.Core.Checks.Security;
using Readiness.Core.Checks.Tls;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Headers;

/// <summary>
/// The security headers of an HTTPS response: CSP, framing, nosniff, X-XSS-Protection (by a chosen policy),
/// Referrer-Policy, Permissions-Policy, cookie flags, and an overall score on the MDN HTTP Observatory scale.
/// <c>verify</c> selects the aspects one item decides.
/// </summary>
public sealed class HeadersCheck : SingleResultCheck<HeadersParameters>
{
    public override string Type => "headers";

    public override async Task<CheckResult> DecideAsync(CheckContext context, HeadersParameters p, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint.From(context, p);
        var aspects = p.Verify.Count > 0 ? p.Verify : HeadersParameters.Aspects;
        var xss = p.XssProtection == "enabled" ? XssProtectionPolicy.Enabled : XssProtectionPolicy.Modern;
        var minimumGrade = p.MinimumGrade;
        if (ObservatoryScore.Rank(minimumGrade) < 0) throw context.Parameters.Invalid("minimumGrade", $"one of {string.Join(", ", ObservatoryScore.Grades)}");
        var timeout = SecurityResponseFetcher.ProbeTimeout(context, p);

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
                _ => HeaderJudges.Score(context, response, await ScoreAsync(context, endpoint, p.HttpUrl, response, timeout, cancellationToken).ConfigureAwait(false), minimumGrade),
            });
        }
        var combined = TlsCheck.Combine(context, results, endpoint.Url.AbsoluteUri);
        return combined.WithEvidence("status", response.StatusCode);
    }

    /// <summary>The score also needs what plain HTTP does: httpUrl if given, else port 80 when HTTPS is on 443, else not assessed.</summary>
    private static async Task<ObservatoryScore> ScoreAsync(CheckContext context, Endpoint endpoint, Uri? givenHttpUrl, HttpObservation response,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var httpUrl = givenHttpUrl ?? (endpoint.Url.IsDefaultPort ? new UriBuilder(endpoint.Url) { Scheme = Uri.UriSchemeHttp, Port = -1 }.Uri : null);
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

public sealed record HeadersParameters : EndpointParameters
{
    /// <summary>What one item decides when <c>verify</c> is not given: everything.</summary>
    public static readonly IReadOnlyList<string> Aspects =
        ["csp", "frame-options", "content-type-options", "xss-protection", "referrer-policy", "permissions-policy", "cookies", "score"];

    [CheckParameter("verify", Allowed = ["csp", "frame-options", "content-type-options", "xss-protection", "referrer-policy", "permissions-policy", "cookies", "score"])]
    public IReadOnlyList<string> Verify { get; init; } = [];
    [CheckParameter("xssProtection", Allowed = ["modern", "enabled"], MustBe = "modern (absent or 0 with a CSP that blocks inline script) or enabled (1; mode=block)")]
    public string XssProtection { get; init; } = "modern";
    /// <summary>The lowest Observatory grade that passes; <see cref="ObservatoryScore.Grades"/>.</summary>
    [CheckParameter("minimumGrade")] public string MinimumGrade { get; init; } = "B";
    /// <summary>The plain http:// URL the score also judges; port 80 of the host when HTTPS is on 443.</summary>
    [CheckParameter("httpUrl")] public Uri? HttpUrl { get; init; }
}
