using Readiness.Core.Probing;
using System.Net.Http.Headers;

namespace Readiness.Core.Checks.Metrics;

/// <summary>HTTP GET with a connect and overall timeout; used by the metrics and health checks.</summary>
internal static class Scraper
{
    public static HttpClient CreateClient(TimeSpan timeout) => HttpClientFactory.Create(new HttpClientOptions
    {
        UseProxy = false, FollowRedirects = true, ConnectTimeout = timeout, PooledConnectionLifetime = TimeSpan.FromSeconds(1),
    });

    /// <summary>Sends GET and returns the response once headers arrive; a silent server ends in <see cref="TimeoutException"/>.</summary>
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? bearerToken, string accept,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        if (bearerToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{url} did not answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Reads the body with the same deadline, so a server that sends headers and then stalls is an Error too.</summary>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, string url, TimeSpan timeout, long limitBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await ResponseBody.ReadTextAsync(response, limitBytes, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{url} did not finish sending its body within {timeout.TotalSeconds:0.#} s");
        }
    }
}
