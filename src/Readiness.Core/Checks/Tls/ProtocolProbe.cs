using Readiness.Core.Probing;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Readiness.Core.Checks.Security;

namespace Readiness.Core.Checks.Tls;

public enum ProbeOutcome
{
    /// <summary>The server completed a handshake at this version.</summary>
    Accepted,
    /// <summary>The server refused the version with a TLS alert.</summary>
    Refused,
    /// <summary>Neither .NET nor the openssl CLI on this machine can offer the version: the answer is unknown.</summary>
    NotTestable,
    /// <summary>The server accepted TCP but did not finish the handshake in time.</summary>
    NoAnswer,
    /// <summary>Nothing accepted the TCP connection.</summary>
    Unreachable,
    /// <summary>The connection was reset or closed mid-handshake without an alert: says nothing about the version.</summary>
    Interrupted,
}

/// <summary>What one handshake attempt at one version found.</summary>
public sealed record ProtocolProbeResult(TlsVersion Version, ProbeOutcome Outcome, string Method, string Detail)
{
    public string? Cipher { get; init; }
    public X509Certificate2? Certificate { get; init; }
    public IReadOnlyList<X509Certificate2> Intermediates { get; init; } = Array.Empty<X509Certificate2>();
}

/// <summary>
/// Probes one protocol version per connection. TLS 1.2/1.3 use .NET's SslStream (which also captures the certificate)
/// where the local OpenSSL lets it offer the version. TLS 1.0/1.1 use the openssl CLI at security level 0 (OpenSSL 3
/// refuses them at its default level, and .NET cannot lower it), then SslStream if the CLI is missing. If nothing
/// here can offer a version, the outcome says so instead of guessing.
/// </summary>
public static class ProtocolProbe
{
    public static async Task<ProtocolProbeResult> ProbeAsync(Endpoint endpoint, string serverName, TlsVersion version,
        string? openSslPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // TLS 1.0/1.1 go to the openssl CLI first: it can be told to drop its security level, .NET cannot, and it does
        // not wait for .NET's one-time TLS start-up, so the slow legacy probes start at once.
        // One deadline for the whole probe: a fallback from the CLI to .NET gets what is left, not a second timeout.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan Left() => timeout - clock.Elapsed is var left && left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
        ProtocolProbeResult? viaCli = null;
        if (version is TlsVersion.Tls10 or TlsVersion.Tls11 && openSslPath is not null)
        {
            viaCli = await ProbeWithOpenSslAsync(endpoint, serverName, version, openSslPath, Left(), cancellationToken).ConfigureAwait(false);
            if (viaCli.Outcome != ProbeOutcome.NotTestable) return viaCli;
        }
        // The server first: a handshake it completes proves this side can offer the version, so the self-handshake that
        // tells "the server refused" from "we could not offer it" runs only for a refusal (about 0.02 s of a cold run).
        var viaDotnet = await ProbeWithSslStreamAsync(endpoint, serverName, version, Left(), cancellationToken).ConfigureAwait(false);
        if (viaDotnet.Outcome is ProbeOutcome.Accepted or ProbeOutcome.Unreachable or ProbeOutcome.NoAnswer) return viaDotnet;
        if (await LocalTlsSupport.CanOfferAsync(version).ConfigureAwait(false)) return viaDotnet;
        if (viaCli is null && openSslPath is not null)
            return await ProbeWithOpenSslAsync(endpoint, serverName, version, openSslPath, Left(), cancellationToken).ConfigureAwait(false);
        return new ProtocolProbeResult(version, ProbeOutcome.NotTestable, "none",
            viaCli is null
                ? $"the local OpenSSL cannot offer {version.Name()} to .NET and no openssl CLI is available"
                : $"neither .NET nor the openssl CLI here can offer {version.Name()}");
    }

    private static async Task<ProtocolProbeResult> ProbeWithSslStreamAsync(Endpoint endpoint, string serverName, TlsVersion version,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket socket;
        try
        {
            socket = await endpoint.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProtocolProbeResult(version, ProbeOutcome.Unreachable, "dotnet", $"no TCP connection within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex)
        {
            return new ProtocolProbeResult(version, ProbeOutcome.Unreachable, "dotnet", ex.Message.TrimEnd('.'));
        }

        X509Certificate2? leaf = null;
        var intermediates = new List<X509Certificate2>();
        await using var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = version.ToSslProtocols(),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = ProbeChainPolicy(),
            // Trust is judged afterwards against the store or CA the user chose; the handshake must not stop on it.
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is not null) leaf = new X509Certificate2(certificate);
                if (chain is not null)
                {
                    intermediates.AddRange(chain.ChainPolicy.ExtraStore.Cast<X509Certificate2>());
                    intermediates.AddRange(chain.ChainElements.Skip(1).Select(e => new X509Certificate2(e.Certificate)));
                }
                return true;
            },
        };
        try
        {
            await stream.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            return new ProtocolProbeResult(version, ProbeOutcome.Accepted, "dotnet", "handshake completed")
            {
                Cipher = stream.NegotiatedCipherSuite.ToString(),
                Certificate = leaf,
                Intermediates = intermediates.DistinctBy(c => c.Thumbprint).ToList(),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProtocolProbeResult(version, ProbeOutcome.NoAnswer, "dotnet", $"no handshake answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // A reset or EOF is how middleboxes, crashing servers and plain-TCP listeners end a handshake too; only an
            // alert (an AuthenticationException with no transport failure under it) is the server's word on the version.
            return Transport(ex) is { } broken
                ? new ProtocolProbeResult(version, ProbeOutcome.Interrupted, "dotnet", broken)
                : new ProtocolProbeResult(version, ProbeOutcome.Refused, "dotnet", Innermost(ex));
        }
    }

    private static async Task<ProtocolProbeResult> ProbeWithOpenSslAsync(Endpoint endpoint, string serverName, TlsVersion version,
        string openSsl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var args = new List<string> { "s_client", "-connect", $"{endpoint.Address ?? endpoint.Host}:{endpoint.Port}", version.OpenSslSwitch(),
            "-cipher", "ALL:@SECLEVEL=0", "-brief" };
        if (Uri.CheckHostName(serverName) == UriHostNameType.Dns) args.AddRange(new[] { "-servername", serverName });
        ProcessOutcome outcome;
        // The runner closes standard input, so s_client ends the session as soon as the handshake is done.
        try { outcome = await ProcessRunner.RunAsync(new ProcessRequest { Program = openSsl, Arguments = args, Timeout = timeout }, cancellationToken).ConfigureAwait(false); }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ProtocolProbeResult(version, ProbeOutcome.NotTestable, "openssl", $"the openssl CLI could not be started ({ex.Message.TrimEnd('.')})");
        }
        if (outcome.TimedOut)
            return new ProtocolProbeResult(version, ProbeOutcome.NoAnswer, "openssl", $"no handshake answer within {timeout.TotalSeconds:0.#} s");
        var output = outcome.Output + outcome.Error;
        return Interpret(version, output);
    }

    /// <summary>
    /// The chain SslStream builds during a probe only collects what the server sent: no system store to load (that
    /// costs hundreds of milliseconds on first use) and no certificate downloads (they would leave loopback).
    /// </summary>
    internal static X509ChainPolicy ProbeChainPolicy() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
    };

    /// <summary>Reads openssl s_client -brief output. Internal for tests.</summary>
    internal static ProtocolProbeResult Interpret(TlsVersion version, string output)
    {
        var expected = version switch
        {
            TlsVersion.Tls10 => "TLSv1", TlsVersion.Tls11 => "TLSv1.1", TlsVersion.Tls12 => "TLSv1.2", _ => "TLSv1.3",
        };
        var protocolLine = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Protocol version:", StringComparison.Ordinal));
        if (protocolLine is not null && protocolLine["Protocol version:".Length..].Trim() == expected)
        {
            var cipher = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Ciphersuite:", StringComparison.Ordinal));
            return new ProtocolProbeResult(version, ProbeOutcome.Accepted, "openssl", "handshake completed")
            { Cipher = cipher?["Ciphersuite:".Length..].Trim() };
        }
        if (output.Contains("no protocols available", StringComparison.OrdinalIgnoreCase)
            || output.Contains("unknown option", StringComparison.OrdinalIgnoreCase)
            || output.Contains("no ciphers available", StringComparison.OrdinalIgnoreCase))
            return new ProtocolProbeResult(version, ProbeOutcome.NotTestable, "openssl", $"the local openssl CLI cannot offer {version.Name()}");
        if (output.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) || output.Contains("connect:errno", StringComparison.OrdinalIgnoreCase))
            return new ProtocolProbeResult(version, ProbeOutcome.Unreachable, "openssl", "connection refused");
        if (output.Contains("errno=104", StringComparison.Ordinal) || output.Contains("Connection reset", StringComparison.OrdinalIgnoreCase))
            return new ProtocolProbeResult(version, ProbeOutcome.Interrupted, "openssl", "Connection reset by peer");
        var error = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(":error:", StringComparison.Ordinal));
        // Without an SSL error line, or with openssl's EOF error, the peer hung up rather than refusing the version.
        if (error is null || output.Contains("unexpected eof", StringComparison.OrdinalIgnoreCase))
            return new ProtocolProbeResult(version, ProbeOutcome.Interrupted, "openssl", "the connection closed during the handshake");
        var reason = error.Split(':').Skip(5).FirstOrDefault() ?? error;
        return new ProtocolProbeResult(version, ProbeOutcome.Refused, "openssl", reason);
    }

    /// <summary>The transport failure under a handshake exception, or null when the TLS layer itself failed.</summary>
    private static string? Transport(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is System.Net.Sockets.SocketException se) return se.SocketErrorCode == SocketError.ConnectionReset ? "Connection reset by peer" : se.Message.TrimEnd('.');
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is IOException) return "the connection closed during the handshake";
        return null;
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex.Message.TrimEnd('.');
    }
}
