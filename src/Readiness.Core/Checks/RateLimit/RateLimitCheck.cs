using System.Globalization;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.RateLimit;

/// <summary>
/// The <c>rate-limit</c> check: a quick burst to an endpoint must be refused with 429 once it passes the configured
/// limit (at the latest at limit + tolerance), requests up to the limit must not be refused, and the 429 must tell
/// the client when to retry (Retry-After or RateLimit-* headers). <c>endpoints</c> gives per-endpoint limits.
/// </summary>
public sealed class RateLimitCheck : SingleResultCheck<RateLimitParameters>, ITargetChangingCheck
{
    public const int MaxLimit = 10_000;

    public override string Type => "rate-limit";

    /// <summary>A short burst, at most limit + tolerance requests per endpoint, that may leave the caller limited for a while.</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange Plan(CheckContext context)
    {
        var endpoints = ReadEndpoints(context.Parameters, CheckParameterBinder.Bind<RateLimitParameters>(context.Parameters));
        var requests = endpoints.Sum(e => e.Limit + e.Tolerance);
        return new PlannedChange(string.Join(", ", endpoints.Select(e => e.Request.Url)),
            $"Send a burst of up to {requests} requests, past the rate limit", endpoints.Select(e => e.Request.Url).ToList());
    }

    /// <summary>One endpoint and its limit.</summary>
    public sealed record Endpoint(string Name, HttpRequestSpec Request, int Limit, int Tolerance, int Status, bool RequireHeaders);

    public override async Task<CheckResult> DecideAsync(CheckContext context, RateLimitParameters p, CancellationToken cancellationToken)
    {
        var endpoints = ReadEndpoints(context.Parameters, p);
        foreach (var e in endpoints) HttpRequestSpec.RegisterSecrets(e.Request.Headers, context.Secrets);
        using var probe = new AttemptClient(p.Timeout ?? TimeSpan.FromSeconds(Math.Min(10, context.Timeout.TotalSeconds)));
        var results = new List<CheckResult>();
        foreach (var endpoint in endpoints)
            results.Add(await JudgeAsync(context, probe, endpoint, cancellationToken).ConfigureAwait(false));
        return Combine(context, results, endpoints);
    }

    private static List<Endpoint> ReadEndpoints(CheckParameters values, RateLimitParameters item)
    {
        if (item.Endpoints.Count == 0) return new List<Endpoint> { Read(values, item, item, "") };
        return item.Endpoints.Select((m, i) =>
        {
            var own = new CheckParameters($"endpoints[{i}]", m);
            var endpoint = CheckParameterBinder.Bind<RateLimitEndpointParameters>(own);
            return Read(own, endpoint, item, endpoint.Name ?? "");
        }).ToList();
    }

    /// <summary>Reads one endpoint; values missing on it come from the item (so method or headers are written once).</summary>
    private static Endpoint Read(CheckParameters values, RateLimitTarget own, RateLimitTarget item, string name)
    {
        var uri = own.Url ?? item.Url ?? throw values.Missing("url", "the endpoint URL");
        var limit = own.Limit ?? item.Limit ?? throw values.Missing("limit", "the number of requests allowed in a burst");
        if (limit is < 1 or > MaxLimit) throw values.Invalid("limit", $"a whole number from 1 to {MaxLimit}");
        var tolerance = own.Tolerance ?? item.Tolerance ?? Math.Max(2, (long)Math.Ceiling(limit * 0.1));
        if (tolerance < 0 || tolerance > MaxLimit) throw values.Invalid("tolerance", $"a whole number from 0 to {MaxLimit}");
        var headers = (own.Headers ?? item.Headers ?? new Dictionary<string, object?>())
            .ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
        var request = new HttpRequestSpec(uri, own.Method ?? item.Method ?? "GET", headers, own.Body ?? item.Body);
        var status = own.Status ?? item.Status ?? 429;
        var require = own.RequireHeaders ?? item.RequireHeaders ?? false;
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

/// <summary>What an endpoint of a rate-limit item gives, or the item for all its endpoints.</summary>
public abstract record RateLimitTarget
{
    [CheckParameter("url", MustBe = "an absolute http or https URL")] public Uri? Url { get; init; }
    [CheckParameter("method")] public string? Method { get; init; }
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?>? Headers { get; init; }
    /// <summary>The request body; <c>{{n}}</c> becomes the request's number in the burst.</summary>
    [CheckParameter("body")] public string? Body { get; init; }
    /// <summary>Requests allowed in a burst (1 to <see cref="RateLimitCheck.MaxLimit"/>).</summary>
    [CheckParameter("limit")] public long? Limit { get; init; }
    /// <summary>Requests past the limit still accepted before the refusal must come; 10 % (at least 2) by default.</summary>
    [CheckParameter("tolerance")] public long? Tolerance { get; init; }
    /// <summary>The refusal's status; 429 by default.</summary>
    [CheckParameter("status")] public int? Status { get; init; }
    /// <summary>A refusal without Retry-After or RateLimit-* headers fails instead of warning.</summary>
    [CheckParameter("requireHeaders")] public bool? RequireHeaders { get; init; }
}

public sealed record RateLimitParameters : RateLimitTarget
{
    /// <summary>Several endpoints, each a map of the same fields plus <c>name</c>; what one leaves out comes from the item.</summary>
    [CheckParameter("endpoints")] public IReadOnlyList<IReadOnlyDictionary<string, object?>> Endpoints { get; init; } = [];
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
}

public sealed record RateLimitEndpointParameters : RateLimitTarget
{
    [CheckParameter("name")] public string? Name { get; init; }
}
