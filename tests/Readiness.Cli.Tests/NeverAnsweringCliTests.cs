using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>
/// Every CLI command that probes a network target, against a loopback port whose connections the kernel completes and
/// that never sends a byte back: it ends with Error results within its timeout and exit code 1, which proves it runs
/// through the checklist runner (timeouts, exceptions as Error) rather than a path of its own.
/// </summary>
public sealed class NeverAnsweringCliTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-hung-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _variable = "READINESS_CLI_HUNG_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public NeverAnsweringCliTests()
    {
        // Never accepted: the connections wait in the backlog, established and silent.
        _listener.Start(512);
        Directory.CreateDirectory(_dir);
        Environment.SetEnvironmentVariable(_variable, "cli-never-answering-secret-0123456789");
    }

    public void Dispose()
    {
        _listener.Stop();
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_dir, true);
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private static (CliRunner.Run Run, List<(string Id, string Status, string Message)> Results, TimeSpan Took) Invoke(string dir, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var run = CliRunner.Invoke(dir, args);
        clock.Stop();
        using var json = JsonDocument.Parse(run.Out);
        var results = json.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("status").GetString()!, r.GetProperty("message").GetString()!)).ToList();
        return (run, results, clock.Elapsed);
    }

    [Fact]
    public void Webhook_test_ends_with_Error_for_every_probe_within_its_timeout()
    {
        var (run, results, took) = Invoke(_dir, "webhook-test", $"http://127.0.0.1:{Port}/hook", "--secret-env", _variable, "--timeout", "2", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(7, results.Count);
        Assert.All(results, r => Assert.Equal("Error", r.Status));
        Assert.Contains("did not answer within 2 s", results.Single(r => r.Id == "webhook.valid").Message);
        Assert.True(took < TimeSpan.FromSeconds(30), $"took {took}");
    }

    [Fact]
    public void Security_ends_with_Error_in_every_decision_within_its_timeout()
    {
        var (run, results, took) = Invoke(_dir, "security", "--uri", $"https://127.0.0.1:{Port}/", "--http-uri", $"http://127.0.0.1:{Port}/",
            "--timeout", "2", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.True(results.Count > 10, run.Out);
        Assert.All(results, r => Assert.Equal("Error", r.Status));
        Assert.Equal($"https://127.0.0.1:{Port}/ did not answer within 2 s.", results.Single(r => r.Id == "http.hsts").Message);
        Assert.True(took < TimeSpan.FromSeconds(120), $"took {took}");
    }

    [Fact]
    public void Security_tls_only_ends_with_Error_in_every_tls_decision()
    {
        var (run, results, _) = Invoke(_dir, "security", "--uri", $"https://127.0.0.1:{Port}/", "--tls-only", "--timeout", "2", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Equal("Error", r.Status));
        Assert.All(results, r => Assert.Matches(@"within \d+(\.\d+)? ?s|timed out", r.Message));
    }
}
