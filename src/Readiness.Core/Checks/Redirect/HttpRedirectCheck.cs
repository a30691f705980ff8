using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Redirect;

/// <summary>
/// Plain HTTP on the same host answers with a permanent redirect (301/308) to the https:// URL of the same path.
/// A temporary redirect (302/303/307) works but is not remembered, so it is a Warning.
/// </summary>
public sealed class HttpRedirectCheck : SingleResultCheck<HttpRedirectParameters>
{
    public override string Type => "http-redirect";

    public override async Task<CheckResult> DecideAsync(CheckContext context, HttpRedirectParameters p, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint.From(context, p, "http");
        if (endpoint.Url.Scheme != Uri.UriSchemeHttp) throw context.Parameters.Invalid("url", "an http:// URL (the plain HTTP address users might type)");
        var expected = p.HttpsUrl ?? DefaultHttpsUrl(endpoint.Url);
        HttpObservation response;
        try
        {
            response = await SecurityResponseFetcher.GetCachedAsync(context, endpoint, SecurityResponseFetcher.ProbeTimeout(context, p), cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeException ex) when (ex.Failure == ProbeFailure.Unreachable)
        {
            return context.Warn($"Nothing answers plain HTTP at {endpoint.Display}, so users who type http:// get an error instead of a redirect to HTTPS.",
                endpoint.Url.AbsoluteUri, $"Listen on port {endpoint.Port} and answer 301 to {expected.GetLeftPart(UriPartial.Authority)}.").WithEvidence("http", "no listener");
        }
        catch (ProbeException ex)
        {
            return context.Error(ex.Message, endpoint.Url.AbsoluteUri);
        }
        return Judge(context, response, expected);
    }

    /// <summary>The https:// URL of the same host and path, on the default port.</summary>
    public static Uri DefaultHttpsUrl(Uri http) => new UriBuilder(http) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri;

    public static CheckResult Judge(CheckContext context, HttpObservation response, Uri expected)
    {
        var url = response.Url.AbsoluteUri;
        var fix = $"Answer every plain HTTP request with 301 to the same path on {expected.GetLeftPart(UriPartial.Authority)} (nginx: return 301 https://$host$request_uri;).";
        var status = response.StatusCode;
        var location = response.Location;
        CheckResult result;
        if (status is < 300 or >= 400)
            result = context.Fail($"{url} answers {status} without redirecting to HTTPS.", url, fix);
        else if (location is null)
            result = context.Fail($"{url} answers {status} but names no valid Location to redirect to.", url, fix);
        else if (location.Scheme != Uri.UriSchemeHttps)
            result = context.Fail($"{url} redirects to {location.AbsoluteUri}, which is not HTTPS.", url, fix);
        else if (!string.Equals(location.IdnHost, expected.IdnHost, StringComparison.OrdinalIgnoreCase) || location.Port != expected.Port)
            result = context.Warn($"{url} redirects to another host ({location.GetLeftPart(UriPartial.Authority)}), so the HSTS policy of {expected.GetLeftPart(UriPartial.Authority)} is never set by it.", url, fix);
        else if (location.AbsolutePath != response.Url.AbsolutePath)
            result = context.Warn($"{url} redirects to {location.AbsoluteUri}, not to the same path on HTTPS.", url, fix);
        else if (status is 301 or 308)
            result = context.Pass($"{url} answers {status} with a redirect to {location.AbsoluteUri}.", url);
        else
            result = context.Warn($"{url} redirects to {location.AbsoluteUri} with a temporary {status}; use 301 or 308 so browsers remember it.", url, fix);
        return result.WithEvidence("status", status).WithEvidence("location", location?.AbsoluteUri ?? response.Header("Location") ?? "")
            .WithEvidence("expected", expected.GetLeftPart(UriPartial.Authority));
    }
}

public sealed record HttpRedirectParameters : EndpointParameters
{
    /// <summary>Where the redirect must lead; the same host and path on https:// by default.</summary>
    [CheckParameter("httpsUrl")] public Uri? HttpsUrl { get; init; }
}
