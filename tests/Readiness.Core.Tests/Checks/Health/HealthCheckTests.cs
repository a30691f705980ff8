using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Readiness.Core.Checks.Health;
using Readiness.Core.Tests.Checks.Metrics;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Health;

public sealed class PostgresHealthTests(PostgresServer pg) : IClassFixture<PostgresServer>
{
    private Task<CheckResult> Run(string password, int? port = null, string timeout = "5s", int pool = 20) => CheckHarness.RunCheckAsync("health", new()
    {
        ["postgres"] = $"Host=127.0.0.1;Port={port ?? pg.Port};Username={pg.User};Database=postgres;Maximum Pool Size={pool}",
        ["passwordEnv"] = "PGPW",
        ["timeout"] = timeout,
    }, ObservabilityItem.Run with { EnvironmentLookup = n => n == "PGPW" ? password : null });

    [Fact]
    public async Task The_right_password_passes_with_version_and_max_connections_as_evidence()
    {
        var result = await Run(pg.Password);
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Equal("60", result.Evidence["maxConnections"]);
        Assert.StartsWith("15", result.Evidence["serverVersion"]);
        Assert.Equal("20", result.Evidence["clientMaxPoolSize"]);
        Assert.DoesNotContain(pg.Password, CheckHarness.EverythingShown(result));
    }

    [Fact]
    public async Task A_client_pool_larger_than_max_connections_is_a_warning()
    {
        var result = await Run(pg.Password, pool: 100);
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("Maximum Pool Size=100) is larger than max_connections=60", result.Message);
    }

    [Fact]
    public async Task A_wrong_password_fails_saying_authentication_failed_and_shows_no_password()
    {
        const string wrong = "wrong-password-5f1e2d";
        var result = await Run(wrong);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("authentication failed for user readiness", result.Message);
        var all = CheckHarness.EverythingShown(result);
        Assert.DoesNotContain(wrong, all);
        Assert.DoesNotContain(pg.Password, all);
    }

    [Fact]
    public async Task A_server_that_is_down_is_an_error_within_the_timeout()
    {
        var closed = FreePort.Next();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await Run(pg.Password, closed, "2s");
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("connection refused", result.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the check must end within its timeout, not hang");
    }

    [Fact]
    public async Task A_port_that_accepts_but_never_answers_is_an_error_not_a_hang()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var result = await Run(pg.Password, ((IPEndPoint)silent.LocalEndpoint).Port, "1s");
        Assert.Equal(CheckStatus.Error, result.Status);
    }
}

public sealed class RedisHealthTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private Task<CheckResult> Run(string? password, int? port = null, string? role = null) => CheckHarness.RunCheckAsync("health", new()
    {
        ["redis"] = $"127.0.0.1:{port ?? redis.Port}",
        ["passwordEnv"] = password is null ? null : "REDISPW",
        ["role"] = role,
        ["timeout"] = "2s",
    }, ObservabilityItem.Run with { EnvironmentLookup = n => n == "REDISPW" ? password : null });

    [Fact]
    public async Task The_right_password_passes_with_role_and_version()
    {
        var result = await Run(redis.Password);
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Equal("master", result.Evidence["role"]);
        Assert.Matches(@"^\d+\.\d+", result.Evidence["version"]);
        Assert.DoesNotContain(redis.Password, CheckHarness.EverythingShown(result));
    }

    [Fact]
    public async Task A_wrong_password_fails_saying_authentication_failed_and_shows_no_password()
    {
        const string wrong = "not-the-redis-password-77";
        var result = await Run(wrong);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("authentication failed", result.Message);
        Assert.DoesNotContain(wrong, CheckHarness.EverythingShown(result));
        Assert.DoesNotContain(redis.Password, CheckHarness.EverythingShown(result));
    }

    [Fact]
    public async Task No_password_against_a_protected_server_fails_saying_it_requires_authentication()
    {
        var result = await Run(null);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("requires authentication", result.Message);
    }

    [Fact]
    public async Task An_unexpected_role_fails()
    {
        var result = await Run(redis.Password, role: "slave");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is a master, expected slave", result.Message);
    }

    [Fact]
    public async Task A_server_that_is_down_or_silent_is_an_error()
    {
        var down = await Run(redis.Password, FreePort.Next());
        Assert.Equal(CheckStatus.Error, down.Status);
        Assert.Contains("connection refused", down.Message);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var hung = await Run(redis.Password, ((IPEndPoint)silent.LocalEndpoint).Port);
        Assert.Equal(CheckStatus.Error, hung.Status);
        Assert.Contains("did not answer within 2 s", hung.Message);
    }

    [Fact]
    public async Task A_server_that_is_not_redis_is_an_error_not_a_hang()
    {
        using var http = new TcpListener(IPAddress.Loopback, 0);
        http.Start();
        var serve = Task.Run(async () =>
        {
            using var socket = await http.AcceptSocketAsync();
            await socket.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            socket.Shutdown(SocketShutdown.Both);
        });
        var result = await Run(redis.Password, ((IPEndPoint)http.LocalEndpoint).Port);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.DoesNotContain(redis.Password, CheckHarness.EverythingShown(result));
        await serve;
    }

    [Fact]
    public async Task A_password_against_a_server_without_one_fails_saying_anyone_can_use_it()
    {
        var dir = TempFolder.Create("readiness-redis-open-");
        var port = FreePort.Next();
        await using var open = ServerProcess.Start(Tools.Find("redis-server")!, new[]
        {
            "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no",
        }, () => TempFolder.Delete(dir));
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), () => open.Output);
        var result = await Run(redis.Password, port);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("has no password set", result.Message);
        Assert.DoesNotContain(redis.Password, CheckHarness.EverythingShown(result));
    }
}

public sealed class HttpHealthTests(PostgresServer pg) : IClassFixture<PostgresServer>
{
    /// <summary>An ASP.NET Core app with real health checks: "database" really connects to PostgreSQL.</summary>
    private static Task<KestrelApp> StartApp(string connectionString) => KestrelApp.StartAsync(
        ctx => KestrelApp.Text(ctx, 404, "not found"),
        builder => builder.Services.AddHealthChecks()
            .AddCheck("database", new DatabaseHealth(connectionString))
            .AddCheck("self", () => HealthCheckResult.Healthy()),
        app => app.UseHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteEntries }));

    private sealed class DatabaseHealth(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var c = new NpgsqlConnection(connectionString);
                await c.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy("select 1 ok");
            }
            catch (Exception ex) { return HealthCheckResult.Unhealthy("cannot connect: " + ex.GetType().Name); }
        }
    }

    /// <summary>The JSON shape of AspNetCore.HealthChecks.UI's UIResponseWriter, the common ASP.NET Core format.</summary>
    private static Task WriteEntries(Microsoft.AspNetCore.Http.HttpContext ctx, HealthReport report)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            totalDuration = report.TotalDuration.ToString(),
            entries = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    [Fact]
    public async Task A_health_endpoint_whose_database_entry_is_unhealthy_fails_naming_the_dependency()
    {
        await using var app = await StartApp($"Host=127.0.0.1;Port={FreePort.Next()};Username=x;Password=y;Timeout=2");
        var result = await CheckHarness.RunCheckAsync("health", new() { ["url"] = app.Url("/health"), ["dependencies"] = new List<object?> { "database" } }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("dependency database is Unhealthy (cannot connect", result.Message);
        Assert.Equal("503", result.Evidence["statusCode"]);
        Assert.Equal("Healthy", result.Evidence["dependency.self"]);
    }

    [Fact]
    public async Task A_health_endpoint_with_a_healthy_database_passes_and_lists_dependencies()
    {
        await using var app = await StartApp(pg.ConnectionString());
        var result = await CheckHarness.RunCheckAsync("health", new() { ["url"] = app.Url("/health"), ["dependencies"] = new List<object?> { "database", "self" } }, ObservabilityItem.Run);
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Contains("all 2 dependencies healthy (database, self)", result.Message);
        Assert.Equal("Healthy (select 1 ok)", result.Evidence["dependency.database"]);
    }

    [Fact]
    public async Task A_required_dependency_that_is_not_reported_fails()
    {
        await using var app = await StartApp(pg.ConnectionString());
        var result = await CheckHarness.RunCheckAsync("health", new() { ["url"] = app.Url("/health"), ["dependencies"] = new List<object?> { "redis" } }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("does not report the dependency redis", result.Message);
    }

    [Theory]
    [InlineData("""{"status":"UP","components":{"db":{"status":"DOWN","details":{"error":"Connection refused"}},"redis":{"status":"UP"}}}""", 503, "Failed", "db is DOWN (Connection refused)")]
    [InlineData("""{"status":"UP","components":{"db":{"status":"UP"},"diskSpace":{"status":"UP"}}}""", 200, "Passed", "all 2 dependencies healthy (db, diskSpace)")]
    [InlineData("""{"status":"ok","checks":[{"name":"postgres","status":"ok"},{"name":"redis","status":"fail","output":"timeout"}]}""", 200, "Failed", "redis is fail (timeout)")]
    [InlineData("""{"status":"pass","checks":{"postgres:connections":[{"status":"warn","output":"85% used"}]}}""", 200, "Warning", "postgres:connections is warn (85% used)")]
    [InlineData("Healthy", 200, "Passed", "is Healthy (HTTP 200)")]
    [InlineData("Unhealthy", 503, "Failed", "answered HTTP 503 with status Unhealthy")]
    [InlineData("<html>ok</html>", 200, "Failed", "without a recognisable health status")]
    public async Task Spring_generic_and_plain_shapes_are_read(string body, int status, string expected, string fragment)
    {
        await using var app = await KestrelApp.StartAsync(ctx => KestrelApp.Text(ctx, status, body, body.StartsWith('{') ? "application/json" : "text/plain"));
        var result = await CheckHarness.RunCheckAsync("health", new() { ["url"] = app.Url("/health") }, ObservabilityItem.Run);
        Assert.Equal(expected, result.Status.ToString());
        Assert.Contains(fragment, result.Message);
    }

    [Fact]
    public void Arbitrary_bodies_never_throw()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), body => { HealthDocument.Parse(body ?? ""); }).Check(PropertyRuns.Fixed());
        Prop.ForAll(Gen.Elements("{", "}", "\"status\"", ":", "\"UP\"", ",", "\"checks\"", "[", "]", "\"name\"", "\"db\"", "\"entries\"", "1", "null", "true")
            .ArrayOf().Select(string.Concat).ToArbitrary(), body => { HealthDocument.Parse(body); }).Check(PropertyRuns.Fixed());
    }
}
