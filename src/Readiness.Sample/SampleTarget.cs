using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Readiness.Sample;

/// <summary>
/// The bundled sample service the README's demo checks: an in-process HTTP server on 127.0.0.1 and a free port, serving
/// every <see cref="ISampleEndpoint"/>. <see cref="Ready"/> switches between a flawed and a production-ready configuration.
/// Built on HttpListener because the sample loads into pwsh (net8.0 and later), which has no ASP.NET Core.
/// </summary>
public sealed class SampleTarget : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly IReadOnlyList<ISampleEndpoint> _endpoints;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _ready;

    private SampleTarget(HttpListener listener, int port, IReadOnlyList<ISampleEndpoint> endpoints, bool ready)
    {
        _listener = listener;
        _endpoints = endpoints;
        _ready = ready;
        Port = port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public bool Ready { get => _ready; set => _ready = value; }
    public IReadOnlyList<ISampleEndpoint> Endpoints => _endpoints;

    /// <summary>Starts on a free loopback port. <paramref name="endpoints"/> defaults to every endpoint of <see cref="Discover"/>.</summary>
    public static SampleTarget Start(bool ready = false, IEnumerable<ISampleEndpoint>? endpoints = null)
    {
        var list = (endpoints ?? Discover()).ToList();
        // HttpListener cannot bind port 0; a port another process grabs between probe and bind is retried.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new SampleTarget(listener, port, list, ready);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// The default endpoints, in the order of their full type names (the order reflection used to find them in),
    /// written out so a trimmed (Native AOT) build keeps them all. SampleEndpointListTests names any that is missing.
    /// </summary>
    public static IEnumerable<ISampleEndpoint> Discover() =>
    [
        new ArtifactVerificationEndpoint(),
        new GitHubWebhookEndpoint(),
        new HealthEndpoint(),
        new HomeEndpoint(),
        new MetricsEndpoint(),
    ];

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
            catch (HttpListenerException) { continue; }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = await ReadAsync(context.Request).ConfigureAwait(false);
            var answer = Route(request);
            response.StatusCode = answer.Status;
            response.ContentType = answer.ContentType;
            foreach (var (k, v) in answer.Headers) response.Headers[k] = v;
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            response.ContentLength64 = bytes.Length;
            if (request.Method != "HEAD") await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A client that went away mid-response is not the target's problem.
        }
        finally
        {
            try { response.Close(); } catch (Exception) { }
        }
    }

    private SampleResponse Route(SampleRequest request)
    {
        var onPath = _endpoints.Where(e => string.Equals(e.Path, request.Path, StringComparison.OrdinalIgnoreCase)).ToList();
        if (onPath.Count == 0) return SampleResponse.Text($"No such path {request.Path}.", 404);
        var endpoint = onPath.FirstOrDefault(e => e.Method == "*" || string.Equals(e.Method, request.Method, StringComparison.OrdinalIgnoreCase))
                       ?? (request.Method == "HEAD" ? onPath.FirstOrDefault(e => e.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)) : null);
        if (endpoint is null)
        {
            var r = SampleResponse.Text($"{request.Method} is not allowed on {request.Path}.", 405);
            r.Headers["Allow"] = string.Join(", ", onPath.Select(e => e.Method));
            return r;
        }
        try { return endpoint.Handle(request, _ready); }
        catch (Exception ex) { return SampleResponse.Text($"The sample endpoint failed: {ex.Message}", 500); }
    }

    private static async Task<SampleRequest> ReadAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        if (request.HasEntityBody) await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in request.Headers.AllKeys)
            if (key is not null) headers[key] = request.Headers[key] ?? "";
        return new SampleRequest
        {
            Method = request.HttpMethod.ToUpperInvariant(),
            Path = request.Url?.AbsolutePath ?? "/",
            Query = request.Url?.Query ?? "",
            Headers = headers,
            Body = body.ToArray(),
            RemoteAddress = request.RemoteEndPoint?.Address.ToString() ?? "",
        };
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        // Close alone: Stop first drops the port's endpoint, and Close then binds the port again to remove the
        // prefix, which fails with "Address already in use" once another process has taken the port.
        try { _listener.Close(); } catch (ObjectDisposedException) { }
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); } catch (Exception) { }
        _stop.Dispose();
    }
}
