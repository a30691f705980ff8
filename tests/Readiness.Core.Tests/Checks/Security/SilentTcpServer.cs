using System.Net;
using System.Net.Sockets;

namespace Readiness.Core.Tests.Checks.Security;

/// <summary>A TCP server on 127.0.0.1 that accepts connections and never sends a byte: the "hung target".</summary>
internal sealed class SilentTcpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = new();

    public SilentTcpServer()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            try { while (true) { var c = await _listener.AcceptTcpClientAsync(); lock (_held) _held.Add(c); } }
            catch (Exception) { /* stopped */ }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _listener.Stop();
        lock (_held) foreach (var c in _held) c.Dispose();
    }
}
