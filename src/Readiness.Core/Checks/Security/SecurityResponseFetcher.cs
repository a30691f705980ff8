using Readiness.Core.Probing;
using System.Net;
using System.Net.Sockets;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Security;

/// <summary>One HTTP response as received: status, every header (Set-Cookie may repeat), no redirect followed.</summary>
public sealed class HttpObservation
{
    public required Uri Url { get; init; }
    public int StatusCode { get; init; }
    /// <summary>Header name (case-insensitive) to its values in the order received.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; }

    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(", ", values) : null;

    public IReadOnlyList<string> HeaderValues(string name) =>
        Headers.TryGetValue(name, out var values) ? values : Array.Empty<string>();

    /// <summary>The redirect target resolved against the request URL, or null.</summary>
    public Uri? Location => Header("Location") is { } l && Uri.TryCreate(Url, l.Trim(), out var u) ? u : null;
}

/// <summary>
/// Fetches a URL once without following redirects and without judging the certificate (the tls check judges it):
/// the headers of a server with a bad certificate are still worth reporting. Every call has a timeout.
/// </summary>
public static class SecurityResponseFetcher
{
    /// <summary>Origin sent with each request so a CORS policy that reflects any origin is visible.</summary>
    public const string ProbeOrigin = "https://readiness-probe.invalid";

    public static Task<HttpObservation> GetCachedAsync(CheckContext context, Endpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        ProbeCache.GetAsync(context, endpoint.Url.AbsoluteUri + "|" + endpoint.Address, ct => GetAsync(endpoint, timeout, ct), cancellationToken);

    public static async Task<HttpObservation> GetAsync(Endpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = HttpClientFactory.Create(new HttpClientOptions
        {
            UseProxy = false,
            FollowRedirects = false,
            ConnectTimeout = timeout,
            ValidateCertificates = false,
            CertificateChainPolicy = Tls.ProtocolProbe.ProbeChainPolicy(),
            UserAgent = "readiness-security-probe",
            ConnectCallback = async (ctx, ct) =>
                new NetworkStream(await endpoint.ConnectAsync(ctx.DnsEndPoint.Host, ctx.DnsEndPoint.Port, ct).ConfigureAwait(false), ownsSocket: true),
        });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        request.Headers.TryAddWithoutValidation("Origin", ProbeOrigin);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                headers[name] = headers.TryGetValue(name, out var existing) ? existing.Concat(values).ToList() : values.ToList();
            return new HttpObservation { Url = endpoint.Url, StatusCode = (int)response.StatusCode, Headers = headers };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProbeException(ProbeFailure.NoAnswer, $"{endpoint.Url} did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError is HttpRequestError.ConnectionError)
        {
            throw new ProbeException(ProbeFailure.Unreachable, $"Could not connect to {endpoint.Display}: {Reason(ex)}.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProbeException(ProbeFailure.Broken, $"{endpoint.Url} could not be fetched: {Reason(ex)}.", ex);
        }
    }

    private static string Reason(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message.TrimEnd('.');
    }

    /// <summary>The timeout for one probe: the item's <c>timeout</c> parameter, else 10 s, never more than the run allows.</summary>
    public static TimeSpan ProbeTimeout(CheckContext context, EndpointParameters p)
    {
        var requested = p.Timeout ?? TimeSpan.FromSeconds(10);
        return requested < context.Timeout ? requested : context.Timeout;
    }
}
