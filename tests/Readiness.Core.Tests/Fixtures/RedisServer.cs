namespace Readiness.Core.Tests.Fixtures;

/// <summary>A real redis-server on 127.0.0.1 and a free port, with a password, data in a temp folder.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private ServerProcess? _process;
    public int Port { get; private set; }
    public string Password { get; } = "redis-" + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync()
    {
        var dir = TempFolder.Create("readiness-redis-");
        Port = FreePort.Next();
        var redis = Tools.Find("redis-server") ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server).");
        _process = ServerProcess.Start(redis, new[]
        {
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--requirepass", Password, "--save", "", "--appendonly", "no",
        }, () => TempFolder.Delete(dir));
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10), () => _process.Output);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
