using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Tls;

/// <summary>Policy for judging the served certificate; every threshold is a tls check parameter.</summary>
public sealed record CertificatePolicy
{
    public string? CaCertificateFile { get; init; }
    public bool SkipTrust { get; init; }
    public int WarnDays { get; init; } = 30;
    public int FailDays { get; init; } = 7;
    public int MinimumRsaBits { get; init; } = 2048;
    public int MinimumEcBits { get; init; } = 256;
    /// <summary>Lifetimes at or under this many days are what ACME clients renew automatically (Let's Encrypt issues 90).</summary>
    public int ShortLivedDays { get; init; } = 100;
}

/// <summary>Judges one aspect of the served certificate each. Pure functions over the scan, so they are cheap to test.</summary>
public static class CertificateJudge
{
    // Signature algorithms that no longer protect against forgery.
    private static readonly Dictionary<string, string> WeakSignatures = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1",
        ["1.2.840.10040.4.3"] = "dsa-with-sha1",
        ["1.3.14.3.2.29"] = "sha1WithRSA (OIW)",
    };

    // Issuers (organisation or common name fragments) whose certificates are issued over ACME.
    private static readonly string[] AcmeIssuers = { "Let's Encrypt", "ZeroSSL", "Buypass", "Google Trust Services", "SSL.com", "Actalis" };

    public static CheckResult Chain(CheckContext context, X509Certificate2 cert, IReadOnlyList<X509Certificate2> intermediates,
        CertificatePolicy policy, string target)
    {
        if (policy.SkipTrust)
            return context.Result(CheckStatus.Skipped, $"Trust of the certificate of {target} was not checked (skipTrust).", target)
                .WithEvidence("trust", "skipped");
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // revocation lookups and AIA downloads would leave the machine
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        foreach (var c in intermediates) chain.ChainPolicy.ExtraStore.Add(c);
        var trustSource = "the system trust store";
        if (policy.CaCertificateFile is { } caFile)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(LoadCertificates(caFile));
            trustSource = Path.GetFileName(caFile);
        }
        var valid = chain.Build(cert);
        var problems = chain.ChainStatus.Where(s => s.Status is not (X509ChainStatusFlags.NoError or X509ChainStatusFlags.NotTimeValid))
            .Select(s => s.Status).Distinct().ToList();
        var result = valid || problems.Count == 0
            ? context.Pass($"The certificate of {target} chains to a root trusted by {trustSource}.", target)
            : SelfSigned(cert)
                ? context.Fail($"The certificate of {target} is self-signed and not trusted by {trustSource}.", target,
                    "Serve a certificate issued by a trusted CA, or pass the private CA with caCertificate / -CaCertificate.")
                : context.Fail($"The certificate chain of {target} is not trusted by {trustSource} ({string.Join(", ", problems)}).", target,
                    "Serve the full chain (leaf and intermediates) from a CA that clients trust.");
        return result.WithEvidence("trustedBy", trustSource)
            .WithEvidence("chainLength", chain.ChainElements.Count)
            .WithEvidence("chainStatus", problems.Count == 0 ? "ok" : string.Join(", ", problems))
            .WithEvidence("issuer", cert.Issuer);
    }

    public static CheckResult HostName(CheckContext context, X509Certificate2 cert, string serverName, string target)
    {
        var names = SubjectNames(cert);
        var matches = IPAddress.TryParse(serverName, out var ip)
            ? names.Contains(ip.ToString(), StringComparer.OrdinalIgnoreCase) || cert.MatchesHostname(serverName)
            : cert.MatchesHostname(serverName);
        var result = matches
            ? context.Pass($"The certificate of {target} is valid for {serverName}.", target)
            : context.Fail($"The certificate of {target} is not valid for {serverName}; it names {(names.Count == 0 ? cert.Subject : string.Join(", ", names))}.", target,
                $"Issue a certificate whose subject alternative names include {serverName}.");
        return result.WithEvidence("serverName", serverName).WithEvidence("subjectAltNames", string.Join(", ", names)).WithEvidence("subject", cert.Subject);
    }

    public static CheckResult Expiry(CheckContext context, X509Certificate2 cert, CertificatePolicy policy, string target, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var days = (int)(notAfter - now).TotalDays; // whole days, truncated toward zero either side of expiry
        var shown = notAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var renew = "Renew the certificate and reload the server.";
        var result = now < notBefore
            ? context.Fail($"The certificate of {target} is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC.", target, "Check the server clock and the certificate's validity period.")
            : notAfter <= now
                ? context.Fail($"The certificate of {target} expired on {shown} ({-days} days ago).", target, renew)
                : days < policy.FailDays
                    ? context.Fail($"The certificate of {target} expires in {days} days ({shown}), under the {policy.FailDays}-day limit.", target, renew)
                    : days < policy.WarnDays
                        ? context.Warn($"The certificate of {target} expires in {days} days ({shown}), under the {policy.WarnDays}-day warning.", target, renew)
                        : context.Pass($"The certificate of {target} is valid for {days} more days (until {shown}).", target);
        return result.WithEvidence("daysToExpiry", days).WithEvidence("notAfter", notAfter.ToString("o", CultureInfo.InvariantCulture))
            .WithEvidence("notBefore", notBefore.ToString("o", CultureInfo.InvariantCulture))
            .WithEvidence("warnDays", policy.WarnDays).WithEvidence("failDays", policy.FailDays);
    }

    public static CheckResult Key(CheckContext context, X509Certificate2 cert, CertificatePolicy policy, string target)
    {
        var (keyType, bits) = KeyOf(cert);
        var signatureOid = cert.SignatureAlgorithm.Value ?? "";
        var signature = cert.SignatureAlgorithm.FriendlyName ?? signatureOid;
        CheckResult result;
        if (WeakSignatures.TryGetValue(signatureOid, out var weak))
            result = context.Fail($"The certificate of {target} is signed with {weak}, which can be forged; reissue it with SHA-256 or better.", target,
                "Reissue the certificate with a SHA-256 (or stronger) signature.");
        else if (keyType == "RSA" && bits < policy.MinimumRsaBits)
            result = context.Fail($"The certificate of {target} has a {bits}-bit RSA key, under the {policy.MinimumRsaBits}-bit minimum.", target,
                $"Reissue the certificate with an RSA key of at least {policy.MinimumRsaBits} bits or an ECDSA P-256 key.");
        else if (keyType == "ECDSA" && bits < policy.MinimumEcBits)
            result = context.Fail($"The certificate of {target} has a {bits}-bit ECDSA key, under the {policy.MinimumEcBits}-bit minimum.", target);
        else if (keyType == "DSA")
            result = context.Fail($"The certificate of {target} has a DSA key, which TLS clients no longer accept.", target);
        else
            result = context.Pass($"The certificate of {target} has a {bits}-bit {keyType} key signed with {signature}.", target);
        return result.WithEvidence("keyType", keyType).WithEvidence("keyBits", bits).WithEvidence("signatureAlgorithm", signature);
    }

    /// <summary>
    /// Automatic renewal cannot be seen from outside; what can be seen is a short lifetime and an ACME issuer, which only
    /// make sense with automation. The message says what was observed, not more.
    /// </summary>
    public static CheckResult Renewal(CheckContext context, X509Certificate2 cert, CertificatePolicy policy, string target)
    {
        var lifetime = (int)Math.Round((cert.NotAfter - cert.NotBefore).TotalDays);
        var issuer = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
        var issuerText = cert.Issuer;
        var acme = AcmeIssuers.FirstOrDefault(a => issuerText.Contains(a, StringComparison.OrdinalIgnoreCase));
        var shortLived = lifetime <= policy.ShortLivedDays;
        var result = shortLived
            ? context.Pass($"The certificate of {target} has a {lifetime}-day lifetime from {issuer}{(acme is null ? "" : $" (an ACME CA: {acme})")}, which is only sustainable with automatic renewal.", target)
            : context.Warn($"The certificate of {target} has a {lifetime}-day lifetime from {issuer}; automatic renewal cannot be inferred from it, so confirm how it is renewed.", target,
                "Automate renewal (an ACME client such as certbot, or the cloud provider's managed certificates) and attest it.");
        return result.WithEvidence("lifetimeDays", lifetime).WithEvidence("issuer", issuerText)
            .WithEvidence("acmeIssuer", acme ?? "not recognised").WithEvidence("shortLived", shortLived);
    }

    public static (string Type, int Bits) KeyOf(X509Certificate2 cert)
    {
        using (var rsa = cert.GetRSAPublicKey()) if (rsa is not null) return ("RSA", rsa.KeySize);
        using (var ec = cert.GetECDsaPublicKey()) if (ec is not null) return ("ECDSA", ec.KeySize);
        using (var dsa = cert.GetDSAPublicKey()) if (dsa is not null) return ("DSA", dsa.KeySize);
        return (cert.PublicKey.Oid.FriendlyName ?? cert.PublicKey.Oid.Value ?? "unknown", cert.PublicKey.EncodedKeyValue.RawData.Length * 8);
    }

    public static List<string> SubjectNames(X509Certificate2 cert)
    {
        var names = new List<string>();
        foreach (var ext in cert.Extensions)
        {
            if (ext.Oid?.Value != "2.5.29.17") continue;
            var san = new X509SubjectAlternativeNameExtension(ext.RawData, ext.Critical);
            names.AddRange(san.EnumerateDnsNames());
            names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
        }
        return names;
    }

    public static X509Certificate2Collection LoadCertificates(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"The CA certificate file {file} does not exist.");
        var collection = new X509Certificate2Collection();
        var text = File.ReadAllText(file);
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) collection.ImportFromPem(text);
        else collection.Add(new X509Certificate2(File.ReadAllBytes(file)));
        if (collection.Count == 0) throw new InvalidDataException($"{file} holds no certificate.");
        return collection;
    }

    private static bool SelfSigned(X509Certificate2 cert) => cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);
}
