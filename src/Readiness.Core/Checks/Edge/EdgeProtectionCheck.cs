using Readiness.Core.Probing;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Edge;

public sealed record EdgeProtectionParameters
{
    [CheckParameter("url", Required = true, Expected = "the public URL (https://...)")] public Uri? Url { get; init; }
    /// <summary>The providers accepted; empty accepts every known one.</summary>
    [CheckParameter("providers")] public IReadOnlyList<string> Providers { get; init; } = [];
    /// <summary>Extra response headers that prove an edge this list does not know (a self-run WAF): header name to provider name.</summary>
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
}

/// <summary>
/// DDoS protection (seed 001 1.4): the public endpoint answers through a CDN or WAF, told by the response headers the
/// provider adds. A service that answers directly carries none of them.
/// </summary>
public sealed class EdgeProtectionCheck : SingleResultCheck<EdgeProtectionParameters>
{
    public override string Type => "edge-protection";

    /// <summary>Headers each provider adds to every response it serves (names are case-insensitive).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> KnownProviders = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["cloudflare"] = ["cf-ray", "cf-cache-status"],
        ["cloudfront"] = ["x-amz-cf-id", "x-amz-cf-pop"],
        ["azure-front-door"] = ["x-azure-ref", "x-fd-healthprobe"],
        ["fastly"] = ["x-fastly-request-id", "fastly-debug-digest", "x-served-by"],
        ["akamai"] = ["akamai-grn", "x-akamai-transformed", "akamai-request-bc"],
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, EdgeProtectionParameters p, CancellationToken cancellationToken)
    {
        var url = p.Url!;
        foreach (var name in p.Providers.Where(n => !KnownProviders.ContainsKey(n)))
            throw context.Parameters.Invalid("providers", $"a list of {string.Join(", ", KnownProviders.Keys)} (got '{name}')");
        var accepted = (p.Providers.Count == 0 ? KnownProviders.Keys : p.Providers)
            .SelectMany(provider => KnownProviders[provider].Select(h => (Header: h, Provider: provider)))
            .Concat(p.Headers.Select(kv => (Header: kv.Key, Provider: Convert.ToString(kv.Value) ?? kv.Key)))
            .ToList();

        var timeout = p.Timeout is { } t && t < context.Timeout ? t : context.Timeout;
        using var client = HttpClientFactory.Create(new HttpClientOptions { UseProxy = false, FollowRedirects = false, ConnectTimeout = timeout, RequestTimeout = timeout });
        HttpResponseMessage response;
        try { response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false); }
        catch (HttpRequestException ex) { return context.Error($"{url} could not be reached: {ex.Message}", url.ToString()); }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { return context.Error($"{url} did not answer within {timeout.TotalSeconds:0.#} s.", url.ToString()); }
        using var _ = response;
        var names = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var via = accepted.Where(a => names.Contains(a.Header)).ToList();
        var result = via.Count > 0
            ? context.Pass($"{url} answers through {string.Join(", ", via.Select(v => v.Provider).Distinct())} ({string.Join(", ", via.Select(v => v.Header))}).", url.ToString())
            : context.Fail($"{url} answered {(int)response.StatusCode} with none of the headers a CDN or WAF adds ({string.Join(", ", accepted.Select(a => a.Header).Distinct().Take(6))}, ...): it is served directly, without DDoS protection in front.", url.ToString(),
                "Put the public endpoint behind a CDN/WAF (Cloudflare, CloudFront with AWS Shield/WAF, Azure Front Door, Fastly, Akamai), or name your edge's header under 'headers'.");
        return result.WithEvidence("status", (int)response.StatusCode).WithEvidence("providers", string.Join(",", via.Select(v => v.Provider).Distinct()));
    }
}
