using Readiness.Core.Running;
using Readiness.Core.Tests.Checks.Security;

namespace Readiness.Core.Tests.Running;

/// <summary>
/// A timeout bounds the whole check, from connecting to the last byte, against a target that accepts and never
/// answers: the check ends with its own Error shortly after its timeout, never a multiple of it.
/// </summary>
public sealed class WholeCheckTimeoutTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private static Checklist Probes(int port, string? timeout)
    {
        Dictionary<string, object?> With(Dictionary<string, object?> p, string name = "timeout")
        {
            if (timeout is not null) p[name] = timeout;
            return p;
        }
        ChecklistItem Item(string id, string type, Dictionary<string, object?> p) =>
            new() { Id = id, Section = "S", Title = id, Severity = Severity.High, Check = new CheckSpec { Type = type, Parameters = p } };
        return new Checklist
        {
            Name = "silent",
            Items =
            {
                Item("p.health", "health", With(new() { ["url"] = $"http://127.0.0.1:{port}/health" })),
                Item("p.metrics", "metrics", With(new() { ["url"] = $"http://127.0.0.1:{port}/metrics" })),
                Item("p.http", "http", With(new() { ["url"] = $"http://127.0.0.1:{port}/" })),
                Item("p.tls-protocols", "tls", With(new() { ["host"] = "127.0.0.1", ["port"] = (long)port, ["require"] = new List<object?> { "tls1.3" }, ["forbid"] = new List<object?> { "tls1.0", "tls1.1" } })),
                Item("p.webhook", "webhook", With(new() { ["url"] = $"http://127.0.0.1:{port}/webhooks", ["secretEnv"] = "SILENT_SECRET" }, "requestTimeout")),
            },
        };
    }

    private static async Task<ReadinessReport> RunAsync(Checklist checklist) =>
        await new ChecklistRunner().RunAsync(checklist, new RunOptions
        {
            BaseDirectory = Path.GetTempPath(), TimeoutSeconds = 30, Parallel = 8,
            EnvironmentLookup = name => name == "SILENT_SECRET" ? Secret : null,
        });

    [Fact]
    public async Task Every_probe_ends_in_error_soon_after_its_own_timeout()
    {
        using var server = new SilentTcpServer();
        var report = await RunAsync(Probes(server.Port, "2s"));

        Assert.All(report.Results, r =>
        {
            Assert.Equal(CheckStatus.Error, r.Status);
            Assert.Contains("within 2 s", r.Message);
            // Below a second full timeout (the old TLS fallback took 4 s and more), with room for 8 probes on a loaded 2-core machine (3.1 s seen).
            Assert.True(r.Duration < TimeSpan.FromSeconds(3.8), $"{r.Id} took {r.Duration.TotalSeconds:0.00} s for a 2 s timeout");
        });
    }

    [Fact]
    public async Task Without_a_timeout_every_probe_waits_the_documented_10_s_not_the_item_timeout()
    {
        using var server = new SilentTcpServer();
        var report = await RunAsync(Probes(server.Port, null));

        Assert.All(report.Results, r =>
        {
            Assert.Equal(CheckStatus.Error, r.Status);
            Assert.Contains("within 10 s", r.Message);
            Assert.True(r.Duration < TimeSpan.FromSeconds(11), $"{r.Id} took {r.Duration.TotalSeconds:0.00} s for the 10 s default");
        });
    }
}
