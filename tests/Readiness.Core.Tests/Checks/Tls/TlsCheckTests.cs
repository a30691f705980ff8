using System.Net;
using System.Net.Sockets;
using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Tls;

/// <summary>The tls check against real nginx servers on 127.0.0.1, each with one misconfiguration.</summary>
public sealed class TlsCheckTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-tls-");

    public void Dispose() => TempFolder.Delete(_dir);

    private static Dictionary<string, object?> Params(NginxServer nginx, params string[] verify)
    {
        var p = new Dictionary<string, object?> { ["url"] = Url(nginx), ["address"] = "127.0.0.1" };
        if (verify.Length > 0) p["verify"] = List(verify);
        return p;
    }

    [Fact]
    public async Task A_tls12_only_server_fails_because_tls13_is_not_offered()
    {
        var (nginx, _) = await StartAsync(_dir, Tls12Only);
        await using var _n = nginx;
        var result = await RunAsync("tls", Params(nginx, "protocols"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"TLS 1.3 is not offered by {Host}:{nginx.Port} (at 127.0.0.1); enable it.", result.Message);
        Assert.Equal("accepted", result.Evidence["tls1.2"]);
        Assert.Equal("refused", result.Evidence["tls1.3"]);
        Assert.Equal("refused", result.Evidence["tls1.0"]);
        Assert.Equal(Url(nginx), result.Target);
    }

    [Fact]
    public async Task A_tls12_and_13_server_with_a_valid_certificate_passes_every_aspect()
    {
        var (nginx, certs) = await StartAsync(_dir, ModernProtocols);
        await using var _n = nginx;
        var p = Params(nginx);
        p["caCertificate"] = certs.CaFile;
        var result = await RunAsync("tls", p);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("accepts TLS 1.2 and TLS 1.3 and refuses TLS 1.0 and TLS 1.1", result.Message);
        Assert.Equal("accepted", result.Evidence["tls1.3"]);
        Assert.Equal("2048", result.Evidence["keyBits"]);
        Assert.Equal("ca.crt", result.Evidence["trustedBy"]);
        Assert.Equal("True", result.Evidence["shortLived"]);
    }

    [Fact]
    public async Task A_server_that_still_accepts_tls10_and_tls11_fails_naming_both()
    {
        var (nginx, _) = await StartAsync(_dir, LegacyProtocols);
        await using var _n = nginx;
        var result = await RunAsync("tls", Params(nginx, "protocols"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"TLS 1.0 and TLS 1.1 are accepted by {Host}:{nginx.Port} (at 127.0.0.1); disable them.", result.Message);
        Assert.Equal("accepted", result.Evidence["tls1.0"]);
    }

    [Fact]
    public async Task Without_a_client_able_to_offer_tls10_the_verdict_is_a_warning_not_a_guess()
    {
        var (nginx, _) = await StartAsync(_dir, LegacyProtocols);
        await using var _n = nginx;
        var p = Params(nginx, "protocols");
        p["openssl"] = "none";
        var result = await RunAsync("tls", p);
        if (await Readiness.Core.Checks.Tls.LocalTlsSupport.CanOfferAsync(Readiness.Core.Checks.Tls.TlsVersion.Tls10))
        {
            // This machine's .NET can still speak TLS 1.0, so the server's acceptance is seen directly.
            Assert.Equal(CheckStatus.Failed, result.Status);
            return;
        }
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith($"Whether {Host}:{nginx.Port} (at 127.0.0.1) accepts TLS 1.0 and TLS 1.1 is unknown: the local OpenSSL cannot offer TLS 1.0", result.Message);
        Assert.Equal("not testable here", result.Evidence["tls1.0"]);
    }

    [Fact]
    public async Task An_expired_certificate_fails_with_its_expiry_date()
    {
        var expired = DateTimeOffset.UtcNow.AddDays(-3);
        var (nginx, certs) = await StartAsync(_dir, ModernProtocols, new CertificateSpec { NotBefore = expired.AddDays(-90), NotAfter = expired });
        await using var _n = nginx;
        var result = await RunAsync("tls", Params(nginx, "expiry"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains($"expired on {expired:yyyy-MM-dd}", result.Message);
        Assert.Equal("-3", result.Evidence["daysToExpiry"]);
    }

    [Fact]
    public async Task Expiry_warns_under_the_warning_days_and_fails_under_the_failure_days()
    {
        var (nginx, _) = await StartAsync(_dir, ModernProtocols, new CertificateSpec { NotAfter = DateTimeOffset.UtcNow.AddDays(20).AddHours(1) });
        await using var _n = nginx;
        var warn = await RunAsync("tls", Params(nginx, "expiry"));
        Assert.Equal(CheckStatus.Warning, warn.Status);
        Assert.Contains("expires in 20 days", warn.Message);
        var p = Params(nginx, "expiry");
        p["warnDays"] = 60L;
        p["failDays"] = 25L;
        var fail = await RunAsync("tls", p);
        Assert.Equal(CheckStatus.Failed, fail.Status);
        Assert.Contains("under the 25-day limit", fail.Message);
    }

    [Fact]
    public async Task A_certificate_for_another_host_name_fails_naming_what_it_is_for()
    {
        var (nginx, certs) = await StartAsync(_dir, ModernProtocols, new CertificateSpec { DnsNames = new[] { "other.readiness.test" }, IncludeLoopbackIp = false });
        await using var _n = nginx;
        var p = Params(nginx, "hostname", "chain");
        p["caCertificate"] = certs.CaFile;
        var result = await RunAsync("tls", p);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"The certificate of {Host}:{nginx.Port} (at 127.0.0.1) is not valid for {Host}; it names other.readiness.test.", result.Message);
        Assert.Equal("ok", result.Evidence["chainStatus"]);
    }

    [Fact]
    public async Task A_self_signed_certificate_without_its_ca_fails_trust_and_passes_with_skip_trust()
    {
        var (nginx, _) = await StartAsync(_dir, ModernProtocols, new CertificateSpec { SelfSigned = true });
        await using var _n = nginx;
        var result = await RunAsync("tls", Params(nginx, "chain"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is self-signed and not trusted by the system trust store", result.Message);
        var p = Params(nginx, "chain", "hostname");
        p["skipTrust"] = true;
        Assert.Equal(CheckStatus.Passed, (await RunAsync("tls", p)).Status);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_ca_fails_trust_until_the_ca_is_given()
    {
        var (nginx, certs) = await StartAsync(_dir, ModernProtocols);
        await using var _n = nginx;
        var untrusted = await RunAsync("tls", Params(nginx, "chain"));
        Assert.Equal(CheckStatus.Failed, untrusted.Status);
        Assert.Contains("is not trusted by the system trust store", untrusted.Message);
        var p = Params(nginx, "chain");
        p["caCertificate"] = certs.CaFile;
        Assert.Equal(CheckStatus.Passed, (await RunAsync("tls", p)).Status);
    }

    [Fact]
    public async Task A_chain_served_with_its_intermediate_is_trusted_given_only_the_root()
    {
        var (nginx, certs) = await StartAsync(_dir, ModernProtocols, new CertificateSpec { ViaIntermediate = true });
        await using var _n = nginx;
        var p = Params(nginx, "chain");
        p["caCertificate"] = certs.CaFile;
        var result = await RunAsync("tls", p);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("3", result.Evidence["chainLength"]);
    }

    [Fact]
    public async Task A_1024_bit_rsa_key_fails()
    {
        // nginx refuses to load a 1024-bit key at OpenSSL's default security level; level 0 lets it serve one.
        var (nginx, _) = await StartAsync(_dir, "ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0;", new CertificateSpec { RsaBits = 1024 });
        await using var _n = nginx;
        var result = await RunAsync("tls", Params(nginx, "key"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"The certificate of {Host}:{nginx.Port} (at 127.0.0.1) has a 1024-bit RSA key, under the 2048-bit minimum.", result.Message);
    }

    [Fact]
    public async Task A_sha1_signed_certificate_fails()
    {
        var (nginx, _) = await StartAsync(_dir, "ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0;", new CertificateSpec { Sha1Signature = true });
        await using var _n = nginx;
        var result = await RunAsync("tls", Params(nginx, "key"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"The certificate of {Host}:{nginx.Port} (at 127.0.0.1) is signed with sha1WithRSAEncryption, which can be forged; reissue it with SHA-256 or better.", result.Message);
    }

    [Fact]
    public async Task An_ecdsa_p256_key_passes_and_a_long_lived_certificate_asks_about_renewal()
    {
        var (nginx, _) = await StartAsync(_dir, ModernProtocols, new CertificateSpec { Ecdsa = true, NotAfter = DateTimeOffset.UtcNow.AddDays(397) });
        await using var _n = nginx;
        var key = await RunAsync("tls", Params(nginx, "key"));
        Assert.Equal(CheckStatus.Passed, key.Status);
        Assert.Equal("ECDSA", key.Evidence["keyType"]);
        var renewal = await RunAsync("tls", Params(nginx, "renewal"));
        Assert.Equal(CheckStatus.Warning, renewal.Status);
        Assert.Contains("398-day lifetime", renewal.Message);
        Assert.Contains("automatic renewal cannot be inferred", renewal.Message);
    }

    [Fact]
    public async Task A_server_that_accepts_tcp_and_never_answers_is_an_error_within_the_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try { while (true) held.Add(await listener.AcceptTcpClientAsync()); } catch (Exception) { }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = await RunAsync("tls", new() { ["url"] = $"https://127.0.0.1:{port}/", ["timeout"] = "1s" });
        listener.Stop();
        foreach (var c in held) c.Dispose();
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains($"127.0.0.1:{port} accepted the TCP connection but did not answer a TLS handshake", result.Message);
    }

    [Fact]
    public async Task Nothing_listening_is_an_error_naming_the_endpoint()
    {
        var port = FreePort.Next();
        var result = await RunAsync("tls", new() { ["url"] = $"https://127.0.0.1:{port}/", ["timeout"] = "2s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.StartsWith($"Could not connect to 127.0.0.1:{port}", result.Message);
    }
}
