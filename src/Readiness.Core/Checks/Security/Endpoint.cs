using System.Net;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Security;

/// <summary>
/// Where a security check connects: the URL as a user types it, plus an optional address to connect to instead of
/// resolving the host (like curl --resolve), so a certificate for app.example.com can be checked on 127.0.0.1.
/// </summary>
public sealed record Endpoint(Uri Url, string? Address)
{
    public string Host => Url.IdnHost;
    public int Port => Url.Port;
    /// <summary>Shown in messages: host:port, plus the address when one is forced.</summary>
    public string Display => Address is null || Address == Host ? $"{Host}:{Port}" : $"{Host}:{Port} (at {Address})";

    /// <summary>The endpoint of an item: its <c>url</c>, else <c>host</c> and <c>port</c> on <paramref name="defaultScheme"/>.</summary>
    public static Endpoint From(CheckContext context, EndpointParameters p, string defaultScheme = "https")
    {
        if (p.Url is { } url) return new Endpoint(url, p.Address);
        if (p.Host is not { } host) throw context.Parameters.Missing("url", $"an absolute {defaultScheme}:// URL");
        var raw = $"{defaultScheme}://{host}:{p.Port ?? (defaultScheme == "https" ? 443 : 80)}/";
        return Uri.TryCreate(raw, UriKind.Absolute, out var built)
            ? new Endpoint(built, p.Address)
            : throw context.Parameters.Invalid("url", "an absolute http:// or https:// URL");
    }

    /// <summary>Connects a TCP socket to the endpoint (or its forced address) within the caller's token.</summary>
    public async Task<System.Net.Sockets.Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (Address is not null && IPAddress.TryParse(Address, out var ip))
                await socket.ConnectAsync(new IPEndPoint(ip, port), cancellationToken).ConfigureAwait(false);
            else
                await socket.ConnectAsync(new DnsEndPoint(Address ?? host, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>Where the transport-security checks (tls, http-redirect, hsts, headers) connect, and how long one probe may wait.</summary>
public abstract record EndpointParameters
{
    [CheckParameter("url")] public Uri? Url { get; init; }
    /// <summary>With <see cref="Port"/>, instead of <see cref="Url"/>.</summary>
    [CheckParameter("host")] public string? Host { get; init; }
    [CheckParameter("port")] public int? Port { get; init; }
    /// <summary>Connect to this address instead of resolving the host (like curl --resolve).</summary>
    [CheckParameter("address")] public string? Address { get; init; }
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
}

public enum ProbeFailure
{
    /// <summary>Nothing accepted the connection.</summary>
    Unreachable,
    /// <summary>The connection was accepted but no answer came within the timeout.</summary>
    NoAnswer,
    /// <summary>The exchange broke (protocol error, reset).</summary>
    Broken,
}

/// <summary>The target could not be reached or did not answer; the message is the one-sentence reason.</summary>
public sealed class ProbeException(ProbeFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public ProbeFailure Failure { get; } = failure;
}
