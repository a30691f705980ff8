using Readiness.Core.Probing;
using System.Net.Http.Headers;
using System.Text;

namespace Readiness.Core.Checks.RateLimit;

/// <summary>One request as written in a checklist: method, URL, headers and an optional body with placeholders.</summary>
public sealed record HttpRequestSpec(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    private static readonly string[] SecretHeaders = { "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token" };

    /// <summary>Registers the values of credential-bearing headers so they never reach a result.</summary>
    public static void RegisterSecrets(IReadOnlyDictionary<string, string> headers, Readiness.Core.Running.SecretRegistry secrets)
    {
        foreach (var (name, value) in headers)
            if (SecretHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                secrets.Add(value);
                var space = value.IndexOf(' ');
                if (space > 0) secrets.Add(value[(space + 1)..]); // the token of "Bearer <token>"
            }
    }

    public HttpRequestMessage Build(Func<string, string>? fillBody = null)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method.ToUpperInvariant()), Url);
        string? contentType = null;
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) { contentType = value; continue; }
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            message.Content = new StringContent(fillBody is null ? Body : fillBody(Body), Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }
        return message;
    }
}

/// <summary>
/// A keep-alive HttpClient for the low-volume probes (rate-limit, lockout): no redirects, no cookies, a timeout
/// on every request, and only what the checks read (status and the retry headers) kept.
/// </summary>
public sealed class AttemptClient : IDisposable
{
    private readonly HttpClient _client;

    public AttemptClient(TimeSpan requestTimeout)
    {
        _client = HttpClientFactory.Create(new HttpClientOptions
        {
            UseProxy = true, FollowRedirects = false, ConnectTimeout = requestTimeout, RequestTimeout = requestTimeout, MaxConnectionsPerServer = 4,
        });
    }

    public async Task<ProbeResponse> SendAsync(HttpRequestSpec spec, Func<string, string>? fillBody, CancellationToken cancellationToken)
    {
        using var request = spec.Build(fillBody);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => IsRetryHeader(h.Key))
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            return new ProbeResponse((int)response.StatusCode, headers);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{spec.Method} {spec.Url} did not answer within {_client.Timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// One sentence for a request that got no answer. A timeout from <see cref="SendAsync"/> already names the request,
    /// so only a connection failure gets the target in front; otherwise the message said "POST url" twice.
    /// </summary>
    public static string Unreachable(string target, Exception ex, string? when = null) => ex is TimeoutException
        ? (when is null ? ex.Message : $"{ex.Message.TrimEnd('.')} ({when}).")
        : $"{target} could not be reached{(when is null ? "" : $" {when}")}: {ex.Message}";

    /// <summary>Retry-After, RateLimit, RateLimit-Policy, RateLimit-Limit/Remaining/Reset and their X- forms.</summary>
    public static bool IsRetryHeader(string name) =>
        name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("RateLimit", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-RateLimit", StringComparison.OrdinalIgnoreCase);

    public void Dispose() => _client.Dispose();
}

public sealed record ProbeResponse(int Status, IReadOnlyDictionary<string, string> RetryHeaders)
{
    public bool IsSuccess => Status is >= 200 and < 400;
}
