using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

/// <summary>A real ASP.NET Core (Kestrel) app on 127.0.0.1 and a free port, with endpoints mapped by the test.</summary>
public sealed class KestrelReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public string Url(string path = "/") => $"http://127.0.0.1:{Port}{path}";

    public static async Task<KestrelReceiver> StartAsync(Action<WebApplication> map)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new KestrelReceiver(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
