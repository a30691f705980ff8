using System.Security.Authentication;

namespace Readiness.Core.Checks.Tls;

/// <summary>The protocol versions the tls check probes, with the names used in parameters, evidence and messages.</summary>
public enum TlsVersion { Tls10, Tls11, Tls12, Tls13 }

public static class TlsVersions
{
    public static readonly TlsVersion[] All = { TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 };

    /// <summary>"TLS 1.0" in messages.</summary>
    public static string Name(this TlsVersion v) => v switch
    {
        TlsVersion.Tls10 => "TLS 1.0", TlsVersion.Tls11 => "TLS 1.1", TlsVersion.Tls12 => "TLS 1.2", _ => "TLS 1.3",
    };

    /// <summary>"tls1.0" in parameters and evidence keys.</summary>
    public static string Key(this TlsVersion v) => v switch
    {
        TlsVersion.Tls10 => "tls1.0", TlsVersion.Tls11 => "tls1.1", TlsVersion.Tls12 => "tls1.2", _ => "tls1.3",
    };

#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are obsolete: probing whether a server still accepts them is the point.
    public static SslProtocols ToSslProtocols(this TlsVersion v) => v switch
    {
        TlsVersion.Tls10 => SslProtocols.Tls, TlsVersion.Tls11 => SslProtocols.Tls11, TlsVersion.Tls12 => SslProtocols.Tls12, _ => SslProtocols.Tls13,
    };
#pragma warning restore SYSLIB0039

    /// <summary>The openssl s_client switch for the version.</summary>
    public static string OpenSslSwitch(this TlsVersion v) => v switch
    {
        TlsVersion.Tls10 => "-tls1", TlsVersion.Tls11 => "-tls1_1", TlsVersion.Tls12 => "-tls1_2", _ => "-tls1_3",
    };

    /// <summary>Accepts "1.0", "tls1.0", "TLS 1.0", "TLSv1", "tls1_1" and similar spellings.</summary>
    public static bool TryParse(string? text, out TlsVersion version)
    {
        version = default;
        if (text is null) return false;
        var t = text.Trim().ToLowerInvariant().Replace(" ", "").Replace("_", ".").Replace("tlsv", "").Replace("tls", "");
        switch (t)
        {
            case "1" or "1.0" or "10": version = TlsVersion.Tls10; return true;
            case "1.1" or "11": version = TlsVersion.Tls11; return true;
            case "1.2" or "12": version = TlsVersion.Tls12; return true;
            case "1.3" or "13": version = TlsVersion.Tls13; return true;
            default: return false;
        }
    }
}
