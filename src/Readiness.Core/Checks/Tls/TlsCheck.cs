using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Tls;

/// <summary>
/// The TLS configuration of an endpoint: protocol versions accepted (each probed on its own connection), and the served
/// certificate's chain, host name, expiry, key and signature, and lifetime. <c>verify</c> selects the aspects one item
/// decides; with several, the item takes the worst status and all their evidence.
/// </summary>
public sealed class TlsCheck : SingleResultCheck<TlsParameters>
{
    public override string Type => "tls";

    public override async Task<CheckResult> DecideAsync(CheckContext context, TlsParameters p, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint.From(context, p);
        var aspects = p.Verify.Count > 0 ? p.Verify : TlsParameters.Aspects;
        var serverName = p.ServerName ?? endpoint.Host;
        var target = endpoint.Display;
        var policy = ReadPolicy(context, p);
        var openSsl = OpenSslPath(p.OpenSsl);

        var scan = await TlsScan.GetCachedAsync(context, endpoint, serverName, openSsl, SecurityResponseFetcher.ProbeTimeout(context, p), cancellationToken).ConfigureAwait(false);
        // Target is the URL (so results pipe back into -Uri); messages name host:port, which is what TLS is about.
        var url = endpoint.Url.AbsoluteUri;
        if (scan.Unassessable is { } reason) return context.Error(reason, url);

        var results = new List<CheckResult>();
        foreach (var aspect in aspects)
        {
            if (aspect == "protocols")
            {
                results.Add(ProtocolJudge.Judge(context, scan, Versions(context, "require", p.Require, TlsVersion.Tls13), Versions(context, "forbid", p.Forbid, TlsVersion.Tls10, TlsVersion.Tls11)));
                continue;
            }
            if (scan.Certificate is not { } cert)
            {
                results.Add(context.Error($"No TLS handshake with {target} completed, so its certificate could not be read.", target));
                continue;
            }
            results.Add(aspect switch
            {
                "chain" => CertificateJudge.Chain(context, cert, scan.Intermediates, policy, target),
                "hostname" => CertificateJudge.HostName(context, cert, serverName, target),
                "expiry" => CertificateJudge.Expiry(context, cert, policy, target, DateTimeOffset.UtcNow),
                "key" => CertificateJudge.Key(context, cert, policy, target),
                _ => CertificateJudge.Renewal(context, cert, policy, target),
            });
        }
        var combined = Combine(context, results, url);
        combined.Target = url;
        return combined;
    }

    /// <summary>The worst result speaks; when all pass, their messages are joined so nothing checked goes unsaid.</summary>
    public static CheckResult Combine(CheckContext context, IReadOnlyList<CheckResult> results, string target)
    {
        if (results.Count == 1) return results[0];
        var worst = results.Worst();
        var combined = context.Result(worst.Status, worst.Status is CheckStatus.Passed or CheckStatus.Skipped
            ? string.Join(" ", results.Select(r => r.Message))
            : worst.Message, target).WithRemediation(worst.Remediation);
        foreach (var r in results)
            foreach (var (k, v) in r.Evidence) combined.Evidence.TryAdd(k, v);
        return combined;
    }

    private static CertificatePolicy ReadPolicy(CheckContext context, TlsParameters p)
    {
        var policy = new CertificatePolicy
        {
            CaCertificateFile = p.CaCertificate is { } ca ? context.ResolvePath(ca) : null,
            SkipTrust = p.SkipTrust,
            WarnDays = p.WarnDays,
            FailDays = p.FailDays,
            MinimumRsaBits = p.MinRsaBits,
            MinimumEcBits = p.MinEcBits,
            ShortLivedDays = p.ShortLivedDays,
        };
        if (policy.FailDays > policy.WarnDays) throw context.Parameters.Invalid("failDays", $"at most warnDays ({policy.WarnDays})");
        return policy;
    }

    private static IReadOnlyList<TlsVersion> Versions(CheckContext context, string name, IReadOnlyList<string>? given, params TlsVersion[] defaults) =>
        given is null ? defaults : given.Select(v => TlsVersions.TryParse(v, out var parsed)
            ? parsed : throw context.Parameters.Invalid(name, "a list of TLS versions such as [tls1.2, tls1.3]")).ToList();

    /// <summary>The openssl CLI used where .NET cannot offer a version: the <c>openssl</c> parameter, "none" to disable, else PATH.</summary>
    private static string? OpenSslPath(string? configured)
    {
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase)) return null;
        if (configured is not null) return File.Exists(configured) ? configured : null;
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "openssl.exe" : "openssl");
            if (dir.Length > 0 && File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

public sealed record TlsParameters : EndpointParameters
{
    /// <summary>What one item decides when <c>verify</c> is not given: everything.</summary>
    public static readonly IReadOnlyList<string> Aspects = ["protocols", "chain", "hostname", "expiry", "key", "renewal"];

    /// <summary>The name sent as SNI and matched against the certificate; the URL's host by default.</summary>
    [CheckParameter("serverName")] public string? ServerName { get; init; }
    [CheckParameter("verify", Allowed = ["protocols", "chain", "hostname", "expiry", "key", "renewal"])] public IReadOnlyList<string> Verify { get; init; } = [];
    /// <summary>Versions that must be accepted (TLS 1.3 when not given) and refused (TLS 1.0 and 1.1).</summary>
    [CheckParameter("require")] public IReadOnlyList<string>? Require { get; init; }
    [CheckParameter("forbid")] public IReadOnlyList<string>? Forbid { get; init; }
    /// <summary>PEM or DER file of the private CA that issued the certificate.</summary>
    [CheckParameter("caCertificate")] public string? CaCertificate { get; init; }
    [CheckParameter("skipTrust")] public bool SkipTrust { get; init; }
    [CheckParameter("warnDays")] public int WarnDays { get; init; } = 30;
    [CheckParameter("failDays")] public int FailDays { get; init; } = 7;
    [CheckParameter("minRsaBits")] public int MinRsaBits { get; init; } = 2048;
    [CheckParameter("minEcBits")] public int MinEcBits { get; init; } = 256;
    [CheckParameter("shortLivedDays")] public int ShortLivedDays { get; init; } = 100;
    /// <summary>The openssl CLI for versions .NET cannot offer; "none" to go without, PATH when not given.</summary>
    [CheckParameter("openssl")] public string? OpenSsl { get; init; }
}
