using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Hsts;

/// <summary>
/// The HTTPS response carries a Strict-Transport-Security policy long enough to matter: max-age of at least a year by
/// default, includeSubDomains required by default, preload reported (and required when asked).
/// </summary>
public sealed class HstsCheck : SingleResultCheck<HstsParameters>
{
    public const long OneYear = 31536000;

    public override string Type => "hsts";

    public override async Task<CheckResult> DecideAsync(CheckContext context, HstsParameters p, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint.From(context, p);
        if (endpoint.Url.Scheme != Uri.UriSchemeHttps) throw context.Parameters.Invalid("url", "an https:// URL (browsers ignore HSTS sent over plain HTTP)");
        var minimum = (long)(p.MinMaxAge?.TotalSeconds ?? OneYear);
        HttpObservation response;
        try
        {
            response = await SecurityResponseFetcher.GetCachedAsync(context, endpoint, SecurityResponseFetcher.ProbeTimeout(context, p), cancellationToken).ConfigureAwait(false);
        }
        catch (ProbeException ex)
        {
            return context.Error(ex.Message, endpoint.Url.AbsoluteUri);
        }
        return Judge(context, response, minimum, p.RequireIncludeSubDomains, p.RequirePreload);
    }

    public static CheckResult Judge(CheckContext context, HttpObservation response, long minimum, bool requireSubDomains, bool requirePreload)
    {
        var url = response.Url.AbsoluteUri;
        var suggestion = $"Send Strict-Transport-Security: max-age={Math.Max(minimum, OneYear)}; includeSubDomains on every HTTPS response.";
        var header = response.HeaderValues("Strict-Transport-Security").FirstOrDefault();
        if (header is null)
            return context.Fail($"{url} sends no Strict-Transport-Security header, so browsers will still try plain HTTP.", url, suggestion)
                .WithEvidence("status", response.StatusCode);

        var policy = StrictTransportSecurity.Parse(header);
        CheckResult result;
        if (!policy.IsValid)
            result = context.Fail($"The Strict-Transport-Security header of {url} is invalid ({policy.Error}), so browsers ignore it.", url, suggestion);
        else if (policy.MaxAge < minimum)
            result = context.Fail($"HSTS max-age on {url} is {policy.MaxAge} s ({Describe(policy.MaxAge!.Value)}), under the required {minimum} s ({Describe(minimum)}).", url, suggestion);
        else if (requireSubDomains && !policy.IncludeSubDomains)
            result = context.Warn($"HSTS on {url} does not cover subdomains; add includeSubDomains.", url, suggestion);
        else if (requirePreload && !policy.Preload)
            result = context.Warn($"HSTS on {url} lacks the preload directive required for the browsers' preload list.", url,
                "Add preload (with includeSubDomains and max-age of at least a year) and submit the domain at hstspreload.org.");
        else
            result = context.Pass($"HSTS on {url} is max-age={policy.MaxAge} ({Describe(policy.MaxAge!.Value)}){(policy.IncludeSubDomains ? " with includeSubDomains" : "")}{(policy.Preload ? " and preload" : "")}.", url);

        return result.WithEvidence("header", header).WithEvidence("maxAge", policy.MaxAge)
            .WithEvidence("includeSubDomains", policy.IncludeSubDomains).WithEvidence("preload", policy.Preload)
            .WithEvidence("minMaxAge", minimum);
    }

    /// <summary>Seconds in the largest whole unit a person reads at a glance: "1 hour", "365 days".</summary>
    public static string Describe(long seconds)
    {
        var (count, unit) = seconds switch
        {
            >= 86400 => (seconds / 86400, "day"),
            >= 3600 => (seconds / 3600, "hour"),
            >= 60 => (seconds / 60, "minute"),
            _ => (seconds, "second"),
        };
        return count == 1 ? $"1 {unit}" : $"{count} {unit}s";
    }
}

public sealed record HstsParameters : EndpointParameters
{
    /// <summary>The shortest max-age accepted; a year when not given.</summary>
    [CheckParameter("minMaxAge")] public TimeSpan? MinMaxAge { get; init; }
    [CheckParameter("requireIncludeSubDomains")] public bool RequireIncludeSubDomains { get; init; } = true;
    [CheckParameter("requirePreload")] public bool RequirePreload { get; init; }
}
