using System.Diagnostics;
using System.Text.Json;
using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Tls;

/// <summary>
/// The protocol verdicts of the tls check agree with testssl.sh on the same nginx configurations. testssl is slow
/// (tens of seconds a run), so each configuration is scanned once and all scans run at the same time.
/// </summary>
public sealed class TestsslAgreementTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-testssl-");

    public void Dispose() => TempFolder.Delete(_dir);

    [Fact]
    public async Task Protocol_verdicts_match_testssl_on_tls12_only_modern_and_legacy_servers()
    {
        var testssl = Tools.Find("testssl") ?? Tools.Find("testssl.sh");
        if (testssl is null) return; // testssl.sh is not installed here; the verdicts are covered by TlsCheckTests.
        var configurations = new[] { ("tls12-only", Tls12Only), ("modern", ModernProtocols), ("legacy", LegacyProtocols) };
        var servers = new List<NginxServer>();
        try
        {
            foreach (var (name, protocols) in configurations)
                servers.Add((await StartAsync(Path.Combine(_dir, name), protocols)).Nginx);
            var scans = servers.Select((s, i) => RunTestssl(testssl, s.Port, Path.Combine(_dir, configurations[i].Item1 + ".json"))).ToList();
            var ours = await Task.WhenAll(servers.Select(s => RunAsync("tls", new() { ["url"] = Url(s), ["address"] = "127.0.0.1", ["verify"] = List("protocols") })));
            var theirs = await Task.WhenAll(scans);
            for (var i = 0; i < servers.Count; i++)
                foreach (var (key, testsslId) in new[] { ("tls1.0", "TLS1"), ("tls1.1", "TLS1_1"), ("tls1.2", "TLS1_2"), ("tls1.3", "TLS1_3") })
                    Assert.True(ours[i].Evidence[key] == theirs[i][testsslId],
                        $"{configurations[i].Item1}: {key} is '{ours[i].Evidence[key]}' for us and '{theirs[i][testsslId]}' for testssl.sh");
            Assert.Equal(CheckStatus.Failed, ours[2].Status); // legacy: TLS 1.0/1.1 accepted
        }
        finally
        {
            foreach (var s in servers) await s.DisposeAsync();
        }
    }

    /// <summary>Runs testssl --protocols and maps its findings to "accepted"/"refused".</summary>
    private static async Task<Dictionary<string, string>> RunTestssl(string testssl, int port, string jsonFile)
    {
        var psi = new ProcessStartInfo(testssl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--protocols", "--fast", "--quiet", "--warnings", "off", "--nodns", "min", "--jsonfile", jsonFile, $"127.0.0.1:{port}" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException("testssl.sh did not finish within 4 minutes."); }
        await drain;
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonFile));
        return json.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("id").GetString() is "TLS1" or "TLS1_1" or "TLS1_2" or "TLS1_3")
            .ToDictionary(e => e.GetProperty("id").GetString()!,
                e => e.GetProperty("finding").GetString()!.StartsWith("offered", StringComparison.Ordinal) ? "accepted" : "refused");
    }
}
