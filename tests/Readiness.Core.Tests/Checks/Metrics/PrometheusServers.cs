using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>A real Prometheus server on 127.0.0.1 with temp storage and no scrape targets (nothing leaves loopback).</summary>
public sealed class PrometheusServer : IAsyncLifetime
{
    private ServerProcess? _process;
    private string _dir = "";
    public int Port { get; private set; }
    public string MetricsUrl => $"http://127.0.0.1:{Port}/metrics";

    public async Task InitializeAsync()
    {
        var binary = Tools.Find("prometheus") ?? throw new InvalidOperationException("prometheus is not installed (apt-get install prometheus).");
        _dir = TempFolder.Create("readiness-prom-");
        var config = Path.Combine(_dir, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1h\n  evaluation_interval: 1h\nscrape_configs: []\n");
        Port = FreePort.Next();
        _process = ServerProcess.Start(binary, new[]
        {
            "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(_dir, "data"), "--web.listen-address=127.0.0.1:" + Port,
        }, () => TempFolder.Delete(_dir));
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => _process.Output);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}

/// <summary>A real Alertmanager on 127.0.0.1: clustering off (no gossip), temp storage, the given config.</summary>
public sealed class AlertmanagerServer : IAsyncLifetime
{
    private ServerProcess? _process;
    private string _dir = "";
    public int Port { get; private set; }
    public string MetricsUrl => $"http://127.0.0.1:{Port}/metrics";

    public async Task InitializeAsync()
    {
        var binary = Tools.Find("prometheus-alertmanager") ?? Tools.Find("alertmanager")
            ?? throw new InvalidOperationException("prometheus-alertmanager is not installed.");
        _dir = TempFolder.Create("readiness-am-");
        var config = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(config, "route:\n  receiver: default\nreceivers:\n  - name: default\n");
        Port = FreePort.Next();
        _process = ServerProcess.Start(binary, new[]
        {
            "--config.file=" + config, "--storage.path=" + Path.Combine(_dir, "data"), "--web.listen-address=127.0.0.1:" + Port,
            "--cluster.listen-address=",
        }, () => TempFolder.Delete(_dir));
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => _process.Output);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
