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

    public static Endpoint FromParameters(CheckContext context, string urlParameter = "url", string? defaultScheme = "https")
    {
        var p = context.Parameters;
        var raw = p.GetString(urlParameter);
        if (raw is null && p.GetString("host") is { } host)
            raw = $"{defaultScheme}://{host}:{p.GetInt("port", defaultScheme == "https" ? 443 : 80)}/";
        if (raw is null) throw p.Missing(urlParameter, $"an absolute {defaultScheme}:// URL");
        return new Endpoint(ParseUrl(raw, urlParameter, p), p.GetString("address"));
    }

    public static Uri ParseUrl(string raw, string name, CheckParameters? p = null)
    {
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw (Exception?)p?.Invalid(name, "an absolute http:// or https:// URL") ?? new ArgumentException($"'{raw}' is not an absolute http:// or https:// URL.");
        return url;
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
