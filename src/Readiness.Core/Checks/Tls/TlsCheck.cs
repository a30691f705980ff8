using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Tls;

/// <summary>
/// The TLS configuration of an endpoint: protocol versions accepted (each probed on its own connection), and the served
/// certificate's chain, host name, expiry, key and signature, and lifetime. <c>verify</c> selects the aspects one item
/// decides; with several, the item takes the worst status and all their evidence.
/// </summary>
public sealed class TlsCheck : SingleResultCheck
{
    public static readonly string[] Aspects = { "protocols", "chain", "hostname", "expiry", "key", "renewal" };

    public override string Type => "tls";

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "url", "host", "port", "address", "serverName", "verify", "require", "forbid", "caCertificate", "skipTrust",
        "warnDays", "failDays", "minRsaBits", "minEcBits", "shortLivedDays", "openssl", "timeout",
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var endpoint = Endpoint.FromParameters(context);
        var aspects = p.GetStringList("verify") is { Count: > 0 } chosen ? chosen.Select(a => a.ToLowerInvariant()).ToList() : Aspects.ToList();
        foreach (var a in aspects.Where(a => !Aspects.Contains(a)))
            throw p.Invalid("verify", $"a list of: {string.Join(", ", Aspects)} ('{a}' is not one)");
        var serverName = p.GetString("serverName") ?? endpoint.Host;
        var target = endpoint.Display;
        var policy = ReadPolicy(context);
        var openSsl = OpenSslPath(context);

        var scan = await TlsScan.GetCachedAsync(context, endpoint, serverName, openSsl, SecurityResponseFetcher.ProbeTimeout(context), cancellationToken).ConfigureAwait(false);
        // Target is the URL (so results pipe back into -Uri); messages name host:port, which is what TLS is about.
        var url = endpoint.Url.AbsoluteUri;
        if (scan.Unassessable is { } reason) return context.Error(reason, url);

        var results = new List<CheckResult>();
        foreach (var aspect in aspects)
        {
            if (aspect == "protocols")
            {
                results.Add(ProtocolJudge.Judge(context, scan, Versions(context, "require", TlsVersion.Tls13), Versions(context, "forbid", TlsVersion.Tls10, TlsVersion.Tls11)));
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

    private static CertificatePolicy ReadPolicy(CheckContext context)
    {
        var p = context.Parameters;
        var policy = new CertificatePolicy
        {
            CaCertificateFile = p.GetString("caCertificate") is { } ca ? context.ResolvePath(ca) : null,
            SkipTrust = p.GetBool("skipTrust"),
            WarnDays = (int)p.GetInt("warnDays", 30),
            FailDays = (int)p.GetInt("failDays", 7),
            MinimumRsaBits = (int)p.GetInt("minRsaBits", 2048),
            MinimumEcBits = (int)p.GetInt("minEcBits", 256),
            ShortLivedDays = (int)p.GetInt("shortLivedDays", 100),
        };
        if (policy.FailDays > policy.WarnDays) throw p.Invalid("failDays", $"at most warnDays ({policy.WarnDays})");
        return policy;
    }

    private static IReadOnlyList<TlsVersion> Versions(CheckContext context, string name, params TlsVersion[] defaults)
    {
        if (!context.Parameters.Has(name)) return defaults;
        return context.Parameters.GetStringList(name).Select(v => TlsVersions.TryParse(v, out var parsed)
            ? parsed : throw context.Parameters.Invalid(name, "a list of TLS versions such as [tls1.2, tls1.3]")).ToList();
    }

    /// <summary>The openssl CLI used where .NET cannot offer a version: the <c>openssl</c> parameter, "none" to disable, else PATH.</summary>
    private static string? OpenSslPath(CheckContext context)
    {
        var configured = context.Parameters.GetString("openssl");
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
