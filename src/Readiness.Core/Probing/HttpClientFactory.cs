using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace Readiness.Core.Probing;

/// <summary>
/// How a check's HTTP client behaves. Proxy, redirects and the connect timeout have no default: each check states
/// them, because a probe that silently follows a redirect or goes through a proxy measures something else.
/// </summary>
public sealed record HttpClientOptions
{
    public required bool UseProxy { get; init; }
    public required bool FollowRedirects { get; init; }
    public required TimeSpan ConnectTimeout { get; init; }
    /// <summary>HttpClient.Timeout. Null: none, because the caller bounds each request with its own deadline token.</summary>
    public TimeSpan? RequestTimeout { get; init; }
    /// <summary>False only where another check judges the certificate and this one still wants the answer.</summary>
    public bool ValidateCertificates { get; init; } = true;
    public string UserAgent { get; init; } = HttpClientFactory.DefaultUserAgent;
    public int? MaxConnectionsPerServer { get; init; }
    /// <summary>Short for scrapes that must see a restarted target, not a pooled connection to the old one.</summary>
    public TimeSpan? PooledConnectionLifetime { get; init; }
    public long? MaxResponseContentBufferSize { get; init; }
    public DecompressionMethods Decompression { get; init; } = DecompressionMethods.None;
    /// <summary>Connects somewhere other than the URL's host (a resolved address, a given IP) while keeping the URL.</summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? ConnectCallback { get; init; }
    public X509ChainPolicy? CertificateChainPolicy { get; init; }
}

/// <summary>The one place an HttpClient is made for a check; the client owns its handler, so disposing it is enough.</summary>
public static class HttpClientFactory
{
    public static readonly string DefaultUserAgent =
        "readiness/" + (typeof(HttpClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0");

    public static HttpClient Create(HttpClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = options.UseProxy,
            AllowAutoRedirect = options.FollowRedirects,
            ConnectTimeout = options.ConnectTimeout,
            // A check never carries a session from one request to the next: each answer must stand on its own.
            UseCookies = false,
            AutomaticDecompression = options.Decompression,
        };
        if (options.MaxConnectionsPerServer is { } max) handler.MaxConnectionsPerServer = max;
        if (options.PooledConnectionLifetime is { } lifetime) handler.PooledConnectionLifetime = lifetime;
        if (options.ConnectCallback is { } connect) handler.ConnectCallback = connect;
        if (!options.ValidateCertificates) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (options.CertificateChainPolicy is { } policy) handler.SslOptions.CertificateChainPolicy = policy;
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = options.RequestTimeout ?? Timeout.InfiniteTimeSpan };
        if (options.MaxResponseContentBufferSize is { } cap) client.MaxResponseContentBufferSize = cap;
        if (!string.IsNullOrEmpty(options.UserAgent)) client.DefaultRequestHeaders.UserAgent.Add(ProductInfoHeaderValue.Parse(options.UserAgent));
        return client;
    }
}
