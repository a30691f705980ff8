using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Readiness.Core.Probing;
using Readiness.Core.Tests.Checks.Health;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Probing;

public sealed class HttpClientFactoryTests
{
    private static HttpClientOptions Options(bool followRedirects = false) =>
        new() { UseProxy = false, FollowRedirects = followRedirects, ConnectTimeout = TimeSpan.FromSeconds(5) };

    private static Task<KestrelApp> Start() => KestrelApp.StartAsync(ctx => ctx.Request.Path.Value switch
    {
        "/redirect" => Redirect(ctx),
        "/set-cookie" => SetCookie(ctx),
        "/slow" => Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted),
        _ => KestrelApp.Text(ctx, 200, $"ua={ctx.Request.Headers.UserAgent};cookie={ctx.Request.Headers.Cookie}"),
    });

    private static Task Redirect(HttpContext ctx)
    {
        ctx.Response.Redirect("/echo");
        return Task.CompletedTask;
    }

    private static Task SetCookie(HttpContext ctx)
    {
        ctx.Response.Cookies.Append("session", "abc");
        return KestrelApp.Text(ctx, 200, "set");
    }

    [Fact]
    public async Task Redirects_are_followed_only_when_asked()
    {
        await using var app = await Start();
        using var plain = HttpClientFactory.Create(Options());
        using var following = HttpClientFactory.Create(Options(followRedirects: true));
        Assert.Equal(HttpStatusCode.Redirect, (await plain.GetAsync(app.Url("/redirect"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await following.GetAsync(app.Url("/redirect"))).StatusCode);
    }

    [Fact]
    public async Task Every_client_names_itself_and_carries_no_cookies_between_requests()
    {
        await using var app = await Start();
        using var client = HttpClientFactory.Create(Options());
        await client.GetAsync(app.Url("/set-cookie"));
        var body = await client.GetStringAsync(app.Url("/echo"));
        Assert.Equal($"ua={HttpClientFactory.DefaultUserAgent};cookie=", body);
        Assert.StartsWith("readiness/", HttpClientFactory.DefaultUserAgent);
        using var named = HttpClientFactory.Create(Options() with { UserAgent = "readiness-security-probe" });
        Assert.Equal("ua=readiness-security-probe;cookie=", await named.GetStringAsync(app.Url("/echo")));
    }

    [Fact]
    public async Task The_request_timeout_bounds_a_silent_server()
    {
        await using var app = await Start();
        using var client = HttpClientFactory.Create(Options() with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => client.GetAsync(app.Url("/slow")));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.2, 5);
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_unless_validation_is_turned_off()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        var port = FreePort.Next();
        await using var app = await KestrelApp.StartAsync(ctx => KestrelApp.Text(ctx, 200, "tls"),
            b => b.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate))));
        var url = $"https://127.0.0.1:{port}/";
        using var validating = HttpClientFactory.Create(Options());
        await Assert.ThrowsAsync<HttpRequestException>(() => validating.GetAsync(url));
        using var trusting = HttpClientFactory.Create(Options() with { ValidateCertificates = false });
        Assert.Equal("tls", await trusting.GetStringAsync(url));
    }
}
