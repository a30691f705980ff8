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
    private static readonly ConcurrentDictionary<TlsVersion, Lazy<Task<bool>>> Answers = new();

    public static Task<bool> CanOfferAsync(TlsVersion version) =>
        Answers.GetOrAdd(version, v => new Lazy<Task<bool>>(() => SelfHandshakeAsync(v))).Value;

    private static async Task<bool> SelfHandshakeAsync(TlsVersion version)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var certificate = SelfSignedForLoopback();
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
            }, timeout.Token);
            try
            {
                await Task.WhenAll(serverHandshake, clientHandshake).ConfigureAwait(false);
                return clientStream.SslProtocol == protocols;
            }
            catch (Exception)
            {
                // One side failing tears the other down; either way this version cannot be spoken here.
                client.Close();
                serverSide.Close();
                try { await Task.WhenAll(serverHandshake, clientHandshake).ConfigureAwait(false); } catch (Exception) { }
                return false;
            }
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static X509Certificate2 SelfSignedForLoopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return new X509Certificate2(cert.Export(X509ContentType.Pkcs12));
    }
}
