using Readiness.Core.Checks.Tls;

namespace Readiness.Core.Tests.Checks.Tls;

/// <summary>Reading `openssl s_client -brief` output as captured from OpenSSL 3.0 against nginx.</summary>
public sealed class OpenSslOutputTests
{
    [Fact]
    public void An_established_tls11_session_is_accepted_with_its_cipher()
    {
        const string output = """
            Can't use SSL_get_servername
            depth=0 CN = localhost
            verify error:num=18:self-signed certificate
            CONNECTION ESTABLISHED
            Protocol version: TLSv1.1
            Ciphersuite: ECDHE-RSA-AES256-SHA
            Peer certificate: CN = localhost
            """;
        var result = ProtocolProbe.Interpret(TlsVersion.Tls11, output);
        Assert.Equal(ProbeOutcome.Accepted, result.Outcome);
        Assert.Equal("ECDHE-RSA-AES256-SHA", result.Cipher);
    }

    [Fact]
    public void A_protocol_version_alert_is_a_refusal_with_openssls_reason()
    {
        const string output = "40D711680A7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1602:SSL alert number 70\n";
        var result = ProtocolProbe.Interpret(TlsVersion.Tls10, output);
        Assert.Equal(ProbeOutcome.Refused, result.Outcome);
        Assert.Equal("tlsv1 alert protocol version", result.Detail);
    }

    [Fact]
    public void A_session_at_another_version_is_not_counted_as_this_one()
    {
        var result = ProtocolProbe.Interpret(TlsVersion.Tls10, "CONNECTION ESTABLISHED\nProtocol version: TLSv1.2\n");
        Assert.NotEqual(ProbeOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public void An_openssl_that_cannot_offer_the_version_makes_it_not_testable()
    {
        var result = ProtocolProbe.Interpret(TlsVersion.Tls10, "4087:error:0A0000BF:SSL routines:tls_setup_handshake:no protocols available:../ssl/statem/statem_lib.c:104:\n");
        Assert.Equal(ProbeOutcome.NotTestable, result.Outcome);
    }
}
