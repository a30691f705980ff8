using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>
/// `readiness run --dry-run` and `--yes`: items that load or change their target are listed or asked about, and a run
/// with nobody to ask refuses load on someone else's machine. Every target here is this machine: a raw TcpListener
/// on 127.0.0.1 counts the connections it accepts.
/// </summary>
public sealed class RunConfirmationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-confirm-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public RunConfirmationTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ".env"), "REGION=eu-west-1\n");
        _listener.Start();
        _ = AcceptAsync();
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Accepts and holds connections without answering: the count is all these tests need.</summary>
    private async Task AcceptAsync()
    {
        var held = new List<TcpClient>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                held.Add(await _listener.AcceptTcpClientAsync(_stop.Token));
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { }
        finally { foreach (var c in held) c.Dispose(); }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Directory.Delete(_dir, true);
    }

    /// <summary>
    /// 0.0.0.0 is not loopback by name or address, so the CLI treats it as someone else's machine, yet Linux connects
    /// to it through the loopback interface: a safe stand-in for a remote target.
    /// </summary>
    private string Checklist(string loadHost)
    {
        var path = Path.Combine(_dir, "c.yaml");
        File.WriteAllText(path, $$"""
            schemaVersion: 1
            name: confirm
            items:
              - id: config.region
                section: Config
                title: REGION is set.
                severity: medium
                check: { type: env, source: dotenv, file: .env, name: REGION }
              - id: perf.load
                section: Load
                title: Holds the load.
                severity: high
                check: { type: load, url: "http://{{loadHost}}:{{Port}}/load", connections: 1, requests: 2, timeout: 1s, thresholds: [ "errors<1%" ] }
              - id: security.burst
                section: Rate limiting
                title: Bursts are limited.
                severity: medium
                check: { type: rate-limit, url: "http://127.0.0.1:{{Port}}/burst", limit: 2, tolerance: 0, timeout: 1s }
            """);
        return path;
    }

    private static CliRunner.Run Run(IDictionary<string, string>? environment, params string[] args) =>
        CliRunner.Invoke(Environment.CurrentDirectory, environment, args);

    private static Dictionary<string, (string Status, string Message)> Results(CliRunner.Run run)
    {
        using var json = JsonDocument.Parse(run.Out);
        return json.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("id").GetString()!,
            r => (r.GetProperty("status").GetString()!, r.GetProperty("message").GetString()!));
    }

    [Fact]
    public void Dry_run_lists_the_changing_items_runs_the_read_only_ones_and_sends_nothing()
    {
        var run = Run(null, "run", Checklist("127.0.0.1"), "--dry-run", "-f", "json");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains($"dry run: would send load: closed model, 1 connections 2 requests on http://127.0.0.1:{Port}/load (perf.load)", run.Err);
        Assert.Contains($"dry run: would send a burst of up to 2 requests, past the rate limit on http://127.0.0.1:{Port}/burst (security.burst)", run.Err);
        var results = Results(run);
        Assert.Equal("Passed", results["config.region"].Status);
        Assert.Equal("Skipped", results["perf.load"].Status);
        Assert.StartsWith("Not run: --dry-run was given.", results["perf.load"].Message);
        Assert.Equal("Skipped", results["security.burst"].Status);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    [Fact]
    public void Load_on_another_machine_with_no_terminal_and_no_yes_is_refused_and_nothing_is_sent_to_it()
    {
        var run = Run(null, "run", Checklist("0.0.0.0"), "--id", "perf.load", "-f", "json");
        var load = Results(run)["perf.load"];
        Assert.Equal("Skipped", load.Status);
        Assert.Contains("there is no terminal to confirm it; pass --yes to run it", load.Message);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    [Fact]
    public void Medium_items_and_load_on_loopback_run_without_asking()
    {
        var run = Run(null, "run", Checklist("127.0.0.1"), "--id", "perf.load", "--id", "security.burst", "-f", "json", "--timeout", "20");
        var results = Results(run);
        Assert.All(results.Values, r => Assert.NotEqual("Skipped", r.Status));
        Assert.True(Volatile.Read(ref _connections) > 0);
    }

    [Theory]
    [InlineData("--yes", null)]
    [InlineData(null, "CI")]
    [InlineData(null, "GITHUB_ACTIONS")]
    [InlineData(null, "TF_BUILD")]
    public void Yes_or_a_CI_environment_runs_load_on_another_machine(string? flag, string? ciVariable)
    {
        var args = new List<string> { "run", Checklist("0.0.0.0"), "--id", "perf.load", "-f", "json", "--timeout", "20" };
        if (flag is not null) args.Add(flag);
        var environment = ciVariable is null ? null : new Dictionary<string, string> { [ciVariable] = "true" };
        var run = Run(environment, args.ToArray());
        Assert.NotEqual("Skipped", Results(run)["perf.load"].Status);
        Assert.True(Volatile.Read(ref _connections) > 0, run.Err);
    }
}

/// <summary>`readiness load` asks the same question as `run` before a load item, by the same rule.</summary>
public sealed class LoadConfirmationTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _connections;

    public LoadConfirmationTests()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            try { while (true) { (await _listener.AcceptTcpClientAsync()).Dispose(); Interlocked.Increment(ref _connections); } }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or InvalidOperationException) { }
        });
    }

    public void Dispose() => _listener.Stop();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private static CliRunner.Run Load(params string[] args) =>
        CliRunner.Invoke(Environment.CurrentDirectory, null, new[] { "load" }.Concat(args).ToArray());

    [Fact]
    public void Dry_run_prints_the_load_and_sends_nothing()
    {
        var run = Load($"http://127.0.0.1:{Port}/", "-n", "5", "--dry-run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("dry run: would send load: closed model, 16 connections 5 requests", run.Err);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    [Fact]
    public void Load_on_another_machine_with_no_terminal_and_no_yes_is_refused()
    {
        // 0.0.0.0 is not loopback by name, yet Linux connects to it through the loopback interface.
        var run = Load($"http://0.0.0.0:{Port}/", "-n", "5");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pass --yes to run it; nothing was sent", run.Err);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }
}
