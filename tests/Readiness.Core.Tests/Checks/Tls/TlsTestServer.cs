using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Tls;

/// <summary>Starts nginx with a test certificate and runs security check items against it, connecting to 127.0.0.1.</summary>
internal static class TlsTestServer
{
    public const string Host = "app.readiness.test";

    /// <summary>Enables TLS 1.0/1.1 in nginx: OpenSSL 3 only negotiates them at security level 0.</summary>
    public const string LegacyProtocols = "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0;";
    public const string ModernProtocols = "ssl_protocols TLSv1.2 TLSv1.3;";
    public const string Tls12Only = "ssl_protocols TLSv1.2;";

    public static async Task<(NginxServer Nginx, TestCertificates Certs)> StartAsync(string folder, string protocols,
        CertificateSpec? spec = null, string location = "return 200 'ok';", string extra = "")
    {
        var certs = TestCertificates.Create(folder, spec);
        var nginx = await NginxServer.StartAsync(
            $"server {{ listen 127.0.0.1:{{PORT}} ssl; server_name {Host}; {certs.NginxDirectives} {protocols} {extra} location / {{ {location} }} }}");
        return (nginx, certs);
    }

    public static string Url(NginxServer nginx, int index = 0, string scheme = "https") => $"{scheme}://{Host}:{nginx.Ports[index]}/";

    public static Task<CheckResult> RunAsync(string type, Dictionary<string, object?> parameters, string? id = null) =>
        CheckHarness.RunCheckAsync(type, parameters, new CheckRun { Id = id ?? type, Section = "Security", Title = type, Timeout = TimeSpan.FromSeconds(30) });

    public static List<object?> List(params string[] values) => values.Cast<object?>().ToList();
}
