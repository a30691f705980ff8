using System.Globalization;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.RateLimit;

/// <summary>
/// The <c>rate-limit</c> check: a quick burst to an endpoint must be refused with 429 once it passes the configured
/// limit (at the latest at limit + tolerance), requests up to the limit must not be refused, and the 429 must tell
/// the client when to retry (Retry-After or RateLimit-* headers). <c>endpoints</c> gives per-endpoint limits.
/// </summary>
public sealed class RateLimitCheck : SingleResultCheck, ITargetChangingCheck
{
    public const int MaxLimit = 10_000;

    public override string Type => "rate-limit";

    /// <summary>A short burst, at most limit + tolerance requests per endpoint, that may leave the caller limited for a while.</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange Plan(CheckContext context)
    {
        var endpoints = ReadEndpoints(context.Parameters);
        var requests = endpoints.Sum(e => e.Limit + e.Tolerance);
        return new PlannedChange(string.Join(", ", endpoints.Select(e => e.Request.Url)),
            $"Send a burst of up to {requests} requests, past the rate limit", endpoints.Select(e => e.Request.Url).ToList());
    }

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "url", "method", "headers", "body", "limit", "tolerance", "status", "requireHeaders", "endpoints", "timeout",
    };

    /// <summary>One endpoint and its limit.</summary>
    public sealed record Endpoint(string Name, HttpRequestSpec Request, int Limit, int Tolerance, int Status, bool RequireHeaders);

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var endpoints = ReadEndpoints(p);
        foreach (var e in endpoints) HttpRequestSpec.RegisterSecrets(e.Request.Headers, context.Secrets);
        using var probe = new AttemptClient(p.GetDuration("timeout") ?? TimeSpan.FromSeconds(Math.Min(10, context.Timeout.TotalSeconds)));
        var results = new List<CheckResult>();
        foreach (var endpoint in endpoints)
            results.Add(await JudgeAsync(context, probe, endpoint, cancellationToken).ConfigureAwait(false));
        return Combine(context, results, endpoints);
    }

    private static List<Endpoint> ReadEndpoints(CheckParameters p)
    {
        var maps = p.GetMapList("endpoints");
        if (maps.Count == 0) return new List<Endpoint> { Read(p, p, "") };
        return maps.Select((m, i) => Read(new CheckParameters($"endpoints[{i}]", m), p, m.TryGetValue("name", out var n) ? Convert.ToString(n, CultureInfo.InvariantCulture) ?? "" : "")).ToList();
    }

    /// <summary>Reads one endpoint; values missing on it come from the item (so method or headers are written once).</summary>
    private static Endpoint Read(CheckParameters own, CheckParameters item, string name)
    {
        string? Str(string key, string? fallback = null) => own.GetString(key) ?? item.GetString(key, fallback);
        var url = Str("url") ?? throw own.Missing("url", "the endpoint URL");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw own.Invalid("url", "an absolute http or https URL");
        var limit = own.GetInt("limit") ?? item.GetInt("limit") ?? throw own.Missing("limit", "the number of requests allowed in a burst");
        if (limit is < 1 or > MaxLimit) throw own.Invalid("limit", $"a whole number from 1 to {MaxLimit}");
        var tolerance = own.GetInt("tolerance") ?? item.GetInt("tolerance") ?? Math.Max(2, (long)Math.Ceiling(limit * 0.1));
        if (tolerance < 0 || tolerance > MaxLimit) throw own.Invalid("tolerance", $"a whole number from 0 to {MaxLimit}");
        var headersMap = own.Has("headers") ? own.GetMap("headers") : item.GetMap("headers");
        var headers = headersMap.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
        var request = new HttpRequestSpec(uri, Str("method", "GET")!, headers, Str("body"));
        var status = (int)(own.GetInt("status") ?? item.GetInt("status") ?? 429);
        var require = own.Has("requireHeaders") ? own.GetBool("requireHeaders") : item.GetBool("requireHeaders");
        return new Endpoint(name.Length > 0 ? name : uri.AbsolutePath, request, (int)limit, (int)tolerance, status, require);
    }

    /// <summary>Sends up to limit + tolerance requests back to back and judges when the first refusal came.</summary>
    public static async Task<CheckResult> JudgeAsync(CheckContext context, AttemptClient probe, Endpoint e, CancellationToken cancellationToken)
    {
        var target = $"{e.Request.Method.ToUpperInvariant()} {e.Request.Url}";
        var budget = e.Limit + e.Tolerance;
        int? limitedAt = null;
        ProbeResponse? limited = null;
        var statuses = new SortedDictionary<int, int>();
        for (var i = 1; i <= budget && limitedAt is null; i++)
        {
            ProbeResponse response;
            try { response = await probe.SendAsync(e.Request, body => body.Replace("{{n}}", i.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
            {
                return context.Error(AttemptClient.Unreachable(target, ex, $"at request {i}"), target);
            }
            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
            if (response.Status == e.Status) { limitedAt = i; limited = response; }
        }
        var sent = statuses.Values.Sum();
        CheckResult result;
        if (limitedAt is null)
            result = context.Fail($"{target} answered all {sent} requests of a burst without {e.Status}; no rate limit is enforced at {e.Limit} (tolerance {e.Tolerance}).", target,
                $"Configure a rate limit on {e.Request.Url.AbsolutePath} (e.g. nginx limit_req with limit_req_status 429) that refuses requests beyond {e.Limit}.");
        else if (limitedAt <= e.Limit)
            result = context.Fail($"{target} refused request {limitedAt} with {e.Status} although the limit allows {e.Limit}; requests under the limit must pass.", target,
                $"Raise the limit on {e.Request.Url.AbsolutePath} to at least {e.Limit} requests, or correct the limit in the checklist.");
        else
        {
            var headers = string.Join(", ", limited!.RetryHeaders.Select(h => $"{h.Key}: {h.Value}"));
            if (limited.RetryHeaders.Count == 0)
                result = (e.RequireHeaders ? context.Fail("", target) : context.Warn("", target)).WithRemediation(
                    "Send Retry-After (or RateLimit-Limit/Remaining/Reset) with every 429 so clients know when to retry.");
            else result = context.Pass("", target);
            result.Message = limited.RetryHeaders.Count == 0
                ? $"{target} returned {e.Status} at request {limitedAt} (limit {e.Limit}) but without Retry-After or RateLimit headers; clients cannot tell when to retry."
                : $"{target} returned {e.Status} at request {limitedAt} (limit {e.Limit}, tolerance {e.Tolerance}) with {headers}.";
            if (headers.Length > 0) result.WithEvidence("retryHeaders", headers);
            result.WithEvidence("limitedAt", limitedAt);
        }
        return result.WithEvidence("limit", e.Limit).WithEvidence("tolerance", e.Tolerance).WithEvidence("sent", sent)
            .WithEvidence("statuses", string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
    }

    private static CheckResult Combine(CheckContext context, List<CheckResult> results, List<Endpoint> endpoints)
    {
        if (results.Count == 1) return results[0];
        var worst = results.Worst();
        var combined = context.Result(worst.Status, "", string.Join(", ", endpoints.Select(e => e.Request.Url.ToString())));
        combined.Remediation = worst.Remediation;
        var good = results.Count(r => r.Status == CheckStatus.Passed);
        combined.Message = worst.Status == CheckStatus.Passed
            ? $"All {results.Count} endpoints return {endpoints[0].Status} within their limits with retry headers."
            : $"{good} of {results.Count} endpoints enforce their rate limit properly; {worst.Message}";
        for (var i = 0; i < results.Count; i++)
        {
            combined.WithEvidence($"{endpoints[i].Name}", $"{results[i].Status}: {results[i].Message}");
            foreach (var (k, v) in results[i].Evidence) combined.WithEvidence($"{endpoints[i].Name}.{k}", v);
        }
        return combined;
    }
}
