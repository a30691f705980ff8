using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>
/// A real Prometheus server on 127.0.0.1 with temp storage. By default it scrapes nothing; <see cref="StartAsync"/>
/// takes scrape_configs text for targets on loopback (nothing leaves the machine).
/// </summary>
public sealed class PrometheusServer : IAsyncLifetime, IAsyncDisposable
{
    private ServerProcess? _process;
    private string _dir = "";
    private string _scrapeConfigs = "scrape_configs: []\n";
    public int Port { get; private set; }
    public string Url => $"http://127.0.0.1:{Port}";
    public string MetricsUrl => $"{Url}/metrics";

    public static async Task<PrometheusServer> StartAsync(string scrapeConfigs)
    {
        var server = new PrometheusServer { _scrapeConfigs = scrapeConfigs };
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        var binary = Tools.Find("prometheus") ?? throw new InvalidOperationException("prometheus is not installed (apt-get install prometheus).");
        _dir = TempFolder.Create("readiness-prom-");
        var config = Path.Combine(_dir, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1h\n" + _scrapeConfigs);
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

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
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
