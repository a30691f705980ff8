using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Readiness.Core.Checks.Http;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Http;

/// <summary>A real Kestrel server on 127.0.0.1 with a few endpoints that are right or wrong in known ways.</summary>
public sealed class KestrelApi : IAsyncLifetime
{
    private WebApplication? _app;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/health", () => Results.Json(new { status = "ok", checks = new[] { new { name = "postgres", status = "up" }, new { name = "redis", status = "down" } } }));
        app.MapGet("/degraded", () => Results.Json(new { status = "degraded" }, statusCode: 503));
        app.MapGet("/secure", (HttpContext c) =>
        {
            c.Response.Headers["X-Frame-Options"] = "DENY";
            c.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return "secure page";
        });
        app.MapGet("/whoami", (HttpContext c) => $"you sent {c.Request.Headers.Authorization}");
        app.MapPost("/orders", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new { received = body.Contains("\"sku\""), method = c.Request.Method }, statusCode: 201);
        });
        app.MapGet("/slow", async () => { await Task.Delay(1500); return "late"; });
        app.MapGet("/redirect", () => Results.Redirect("/health"));
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Urls.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class HttpCheckTests(KestrelApi api) : IClassFixture<KestrelApi>
{
    private static Task<CheckResult> Run(Dictionary<string, object?> parameters, int timeoutSeconds = 20) =>
        CheckHarness.RunCheckAsync("http", parameters, new CheckRun { Id = "http.item", Severity = Severity.High, Timeout = TimeSpan.FromSeconds(timeoutSeconds) });

    [Fact]
    public async Task A_healthy_endpoint_with_the_expected_json_passes()
    {
        var r = await Run(new() { ["url"] = api.BaseUrl + "/health", ["json"] = new Dictionary<string, object?> { ["$.status"] = "ok", ["checks[0].status"] = "up" } });
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Equal("200", r.Evidence["status"]);
        Assert.StartsWith($"GET {api.BaseUrl}/health returned 200 in", r.Message);
    }

    [Fact]
    public async Task A_503_fails_naming_the_status_and_the_json_value()
    {
        var r = await Run(new() { ["url"] = api.BaseUrl + "/degraded", ["jsonPath"] = "$.status", ["jsonEquals"] = "ok" });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal($"GET {api.BaseUrl}/degraded: returned 503, expected 2xx; JSON $.status is 'degraded', expected 'ok'.", r.Message);
        Assert.Contains("degraded", r.Evidence["bodyExcerpt"]);
    }

    [Fact]
    public async Task A_dependency_entry_that_is_down_fails()
    {
        var r = await Run(new() { ["url"] = api.BaseUrl + "/health", ["jsonPath"] = "checks[1].status", ["jsonEquals"] = "up" });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("JSON checks[1].status is 'down', expected 'up'", r.Message);
    }

    [Fact]
    public async Task Missing_and_wrong_headers_are_each_named()
    {
        var r = await Run(new()
        {
            ["url"] = api.BaseUrl + "/secure",
            ["headerPresent"] = new List<object?> { "X-Content-Type-Options", "Strict-Transport-Security" },
            ["headerEquals"] = new Dictionary<string, object?> { ["X-Frame-Options"] = "SAMEORIGIN" },
        });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("header Strict-Transport-Security is missing", r.Message);
        Assert.Contains("header X-Frame-Options is 'DENY', expected 'SAMEORIGIN'", r.Message);
        Assert.DoesNotContain("X-Content-Type-Options", r.Message);
    }

    [Fact]
    public async Task Body_contains_and_status_lists_are_checked()
    {
        var pass = await Run(new() { ["url"] = api.BaseUrl + "/secure", ["status"] = new List<object?> { 200L, 204L }, ["bodyContains"] = "secure page" });
        Assert.Equal(CheckStatus.Passed, pass.Status);
        var fail = await Run(new() { ["url"] = api.BaseUrl + "/secure", ["bodyContains"] = "welcome" });
        Assert.Contains("body does not contain 'welcome'", fail.Message);
    }

    [Fact]
    public async Task Method_body_and_expected_201_are_sent_and_checked()
    {
        var r = await Run(new()
        {
            ["url"] = api.BaseUrl + "/orders", ["method"] = "post", ["body"] = "{\"sku\": \"A1\"}", ["status"] = 201L,
            ["json"] = new Dictionary<string, object?> { ["received"] = true, ["method"] = "POST" },
        });
        Assert.Equal(CheckStatus.Passed, r.Status);
    }

    [Fact]
    public async Task Redirects_are_not_followed_unless_asked()
    {
        var r = await Run(new() { ["url"] = api.BaseUrl + "/redirect" });
        Assert.Contains("returned 302, expected 2xx", r.Message);
        var followed = await Run(new() { ["url"] = api.BaseUrl + "/redirect", ["followRedirects"] = true });
        Assert.Equal(CheckStatus.Passed, followed.Status);
    }

    [Fact]
    public async Task A_response_slower_than_the_limit_fails()
    {
        var r = await Run(new() { ["url"] = api.BaseUrl + "/slow", ["maxLatencyMs"] = 200L });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Matches(@"took \d+ ms, over the 200 ms limit", r.Message);
    }

    [Fact]
    public async Task An_authorization_header_never_appears_in_the_result()
    {
        const string token = "s3cr3t-bearer-token-123456";
        var r = await Run(new()
        {
            ["url"] = api.BaseUrl + "/whoami", ["headers"] = new Dictionary<string, object?> { ["Authorization"] = "Bearer " + token },
            ["bodyContains"] = "nobody",
        });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("you sent ***", r.Evidence["bodyExcerpt"]);
        Assert.DoesNotContain(token, r.Message + string.Join(" ", r.Evidence.Values) + r.Target);
    }

    [Fact]
    public async Task A_listener_that_accepts_and_never_answers_is_an_Error_within_the_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () => { try { while (true) accepted.Add(await listener.AcceptTcpClientAsync()); } catch (Exception) { } });

        var r = await Run(new() { ["url"] = $"http://127.0.0.1:{port}/health", ["timeout"] = "1s" });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Equal($"GET http://127.0.0.1:{port}/health did not answer within 1 s.", r.Message);
        listener.Stop();
        foreach (var c in accepted) c.Dispose();
    }

    [Fact]
    public async Task A_closed_port_is_an_Error_saying_it_could_not_be_reached()
    {
        var port = Fixtures.FreePort.Next();
        var r = await Run(new() { ["url"] = $"http://127.0.0.1:{port}/" });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("could not be reached", r.Message);
        Assert.Equal("ConnectionRefused", r.Evidence["error"]);
    }

    [Fact]
    public async Task Bad_parameters_are_an_Error_naming_the_parameter()
    {
        var r = await Run(new() { ["url"] = "ftp://127.0.0.1/" });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("parameter 'url' must be an absolute http:// or https:// URL", r.Message);
        var s = await Run(new() { ["url"] = api.BaseUrl, ["status"] = "ok" });
        Assert.Contains("parameter 'status'", s.Message);
    }
}

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("$.status", "ok")]
    [InlineData("status", "ok")]
    [InlineData("checks[0].status", "up")]
    [InlineData("$.checks[1]['name']", "redis")]
    [InlineData("$.count", "2")]
    [InlineData("$.flag", "true")]
    public void Evaluates_dotted_paths_and_indexes(string path, string expected)
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"status":"ok","count":2,"flag":true,"checks":[{"name":"pg","status":"up"},{"name":"redis","status":"down"}]}""");
        Assert.True(JsonPath.TryEvaluate(doc.RootElement, path, out var value));
        Assert.Equal(expected, JsonPath.Show(value));
    }

    [Theory]
    [InlineData("$.checks[5].status")]
    [InlineData("$.status.inner")]
    [InlineData("$.missing")]
    public void A_step_that_does_not_exist_is_absent(string path)
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"status":"ok","checks":[]}""");
        Assert.False(JsonPath.TryEvaluate(doc.RootElement, path, out _));
    }

    [Theory]
    [InlineData("$.")]
    [InlineData("checks[x]")]
    [InlineData("checks[0")]
    [InlineData("$status")]
    [InlineData("a b")]
    public void A_malformed_path_is_a_FormatException_naming_the_position(string path) =>
        Assert.Contains("malformed at position", Assert.Throws<FormatException>(() => JsonPath.Parse(path)).Message);

    [Fact]
    public void Arbitrary_paths_parse_or_fail_with_FormatException_only()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), (string text) =>
        {
            try { JsonPath.Parse(text ?? ""); }
            catch (FormatException) { }
        }).Check(PropertyRuns.Fixed());
    }
}
