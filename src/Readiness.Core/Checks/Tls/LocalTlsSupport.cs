using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Readiness.Core.Checks.Tls;

/// <summary>
/// Whether this machine's .NET/OpenSSL can speak a protocol version at all, found by a handshake with itself over
/// loopback. Asked once per process. Without it, "the server refused TLS 1.0" and "we never offered TLS 1.0"
/// would look the same.
/// </summary>
public static class LocalTlsSupport
{
    private static readonly ConcurrentDictionary<TlsVersion, Lazy<Task<bool?>>> Answers = new();
    private static readonly Lazy<X509Certificate2> Certificate = new(SelfSignedForLoopback);

    public static async Task<bool> CanOfferAsync(TlsVersion version)
    {
        var entry = Answers.GetOrAdd(version, v => new Lazy<Task<bool?>>(() => SelfHandshakeAsync(v)));
        var answer = await entry.Value.ConfigureAwait(false);
        // A self-test that ran out of time on a busy machine proves nothing: answer "no" (the openssl CLI then probes,
        // which is reliable either way) and ask again next time instead of remembering it for the whole session.
        if (answer is null) Answers.TryRemove(new KeyValuePair<TlsVersion, Lazy<Task<bool?>>>(version, entry));
        return answer ?? false;
    }

    /// <summary>True or false when the handshake decided; null when it ran out of time.</summary>
    private static async Task<bool?> SelfHandshakeAsync(TlsVersion version)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var certificate = Certificate.Value;
            var protocols = version.ToSslProtocols();
            var acceptTask = listener.AcceptTcpClientAsync(timeout.Token).AsTask();
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token).ConfigureAwait(false);
            using var serverSide = await acceptTask.ConfigureAwait(false);
            await using var server = new SslStream(serverSide.GetStream());
            await using var clientStream = new SslStream(client.GetStream());
            var serverHandshake = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate, EnabledSslProtocols = protocols,
            }, timeout.Token);
            var clientHandshake = clientStream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost", EnabledSslProtocols = protocols, RemoteCertificateValidationCallback = (_, _, _, _) => true,
                CertificateChainPolicy = ProtocolProbe.ProbeChainPolicy(),
            }, timeout.Token);
            // A side that cannot speak the version fails at once while the other would wait for its peer until the
            // timeout, so the first failure decides and tears the connection down.
            var first = await Task.WhenAny(serverHandshake, clientHandshake).ConfigureAwait(false);
            if (first.IsFaulted || first.IsCanceled)
            {
                client.Close();
                serverSide.Close();
                try { await Task.WhenAll(serverHandshake, clientHandshake).ConfigureAwait(false); } catch (Exception) { }
                return timeout.IsCancellationRequested ? null : false;
            }
            try
            {
                await Task.WhenAll(serverHandshake, clientHandshake).ConfigureAwait(false);
                return clientStream.SslProtocol == protocols;
            }
            catch (Exception)
            {
                return timeout.IsCancellationRequested ? null : false;
            }
        }
        catch (Exception)
        {
            return timeout.IsCancellationRequested ? null : false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>An ECDSA P-256 certificate: generated in microseconds, where an RSA key costs up to seconds on a busy machine.</summary>
    private static X509Certificate2 SelfSignedForLoopback()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        if (!OperatingSystem.IsWindows()) return cert;
        // Windows' SChannel cannot use an ephemeral key: round-trip through PKCS#12 there.
        using (cert) return new X509Certificate2(cert.Export(X509ContentType.Pkcs12));
    }
}
