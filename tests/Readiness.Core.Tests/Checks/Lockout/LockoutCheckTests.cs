using Readiness.Core.Tests.Fixtures;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Readiness.Core.Running;
using Readiness.Core.Tests.Checks.Load;

namespace Readiness.Core.Tests.Checks.Lockout;

/// <summary>
/// An ASP.NET Core login receiver: /login locks an account for 4 s after 5 failures (423 with Retry-After),
/// /login-strict after 3, /login-nolock never.
/// </summary>
public sealed class LockoutCheckTests : IAsyncLifetime
{
    private const string User = "alice";
    private const string Password = "correct-horse-battery-staple";
    private KestrelReceiver _app = null!;

    public async Task InitializeAsync() => _app = await KestrelReceiver.StartAsync(app =>
    {
        Map(app, "/login", lockAfter: 5);
        Map(app, "/login-strict", lockAfter: 3);
        Map(app, "/login-nolock", lockAfter: null);
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static void Map(WebApplication app, string path, int? lockAfter)
    {
        var failures = new ConcurrentDictionary<string, int>();
        var lockedUntil = new ConcurrentDictionary<string, DateTime>();
        app.MapPost(path, async (HttpContext http) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body);
            var user = doc.RootElement.GetProperty("username").GetString()!;
            var pass = doc.RootElement.GetProperty("password").GetString()!;
            if (lockedUntil.TryGetValue(user, out var until) && until > DateTime.UtcNow)
            {
                http.Response.Headers.RetryAfter = "4";
                return Results.StatusCode(423);
            }
            if (user == User && pass == Password)
            {
                failures[user] = 0;
                return Results.Ok();
            }
            var n = failures.AddOrUpdate(user, 1, (_, v) => v + 1);
            if (lockAfter is { } limit && n >= limit)
            {
                lockedUntil[user] = DateTime.UtcNow.AddSeconds(4);
                failures[user] = 0;
            }
            return Results.Unauthorized();
        });
    }

    private Task<CheckResult> Run(string path, Dictionary<string, object?>? extra = null)
    {
        var parameters = new Dictionary<string, object?> { ["url"] = _app.Url(path), ["username"] = User, ["password"] = Password, ["attempts"] = 5L };
        foreach (var (k, v) in extra ?? new()) parameters[k] = v;
        return CheckHarness.RunCheckAsync("lockout", parameters, new CheckRun { Id = "security.lockout", Section = "Rate limiting" });
    }

    [Fact]
    public async Task An_account_locked_after_five_failures_refuses_the_correct_password_on_attempt_six()
    {
        var result = await Run("/login", new() { ["lockedStatus"] = new List<object?> { 423L } });
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("alice is locked after 5 failed logins: the correct password is refused (423) on attempt 6.", result.Message);
        Assert.Equal("Retry-After: 4", result.Evidence["retryHeaders"]);
        Assert.DoesNotContain(Password, string.Join(" ", result.Evidence.Values) + result.Message);
    }

    [Fact]
    public async Task A_login_without_lockout_is_reported_missing()
    {
        var result = await Run("/login-nolock");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("alice is not locked after 5 failed logins: the correct password is accepted (200) on attempt 6.", result.Message);
    }

    [Fact]
    public async Task A_lockout_that_comes_earlier_than_configured_is_reported()
    {
        var result = await Run("/login-strict");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("locked too early", result.Message);
        Assert.Contains("after only 4 failed logins, expected after 5", result.Message);
    }

    [Fact]
    public async Task The_lock_ends_after_its_window_when_asked()
    {
        var result = await Run("/login", new() { ["unlockAfter"] = "4500ms" });
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.EndsWith("and unlocked again after 4.5 s.", result.Message);
    }

    [Fact]
    public async Task Wrong_credentials_in_the_checklist_are_an_error_not_a_lockout()
    {
        var result = await Run("/login-nolock", new() { ["password"] = "not-the-password" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("correct password for alice is refused (401) before any failed attempt", result.Message);
        Assert.DoesNotContain("not-the-password", result.Message + string.Join(" ", result.Evidence.Values));
    }
}
