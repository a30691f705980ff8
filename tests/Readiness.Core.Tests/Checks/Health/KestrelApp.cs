using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Readiness.Core.Tests.Checks.Health;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, answering every request with the given handler.</summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private KestrelApp(WebApplication app, int port) { _app = app; Port = port; }

    public int Port { get; }
    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public static async Task<KestrelApp> StartAsync(Func<HttpContext, Task> handler, Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? pipeline = null)
    {
        var port = Fixtures.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        configure?.Invoke(builder);
        var app = builder.Build();
        pipeline?.Invoke(app);
        app.Run(ctx => handler(ctx));
        await app.StartAsync();
        return new KestrelApp(app, port);
    }

    public static Task Text(HttpContext ctx, int status, string body, string contentType = "text/plain; version=0.0.4")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        return ctx.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
