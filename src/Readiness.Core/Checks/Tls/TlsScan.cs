using System.Security.Cryptography.X509Certificates;
using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Tls;

/// <summary>Everything the tls check learns from one endpoint: one probe per protocol version and the certificate served.</summary>
public sealed class TlsScan
{
    public required Endpoint Endpoint { get; init; }
    public required string ServerName { get; init; }
    public required IReadOnlyDictionary<TlsVersion, ProtocolProbeResult> Protocols { get; init; }

    /// <summary>From the newest version accepted through .NET; null when no handshake completed.</summary>
    public X509Certificate2? Certificate => Best?.Certificate;
    public IReadOnlyList<X509Certificate2> Intermediates => Best?.Intermediates ?? Array.Empty<X509Certificate2>();

    private ProtocolProbeResult? Best => Protocols.Values
        .Where(p => p.Outcome == ProbeOutcome.Accepted && p.Certificate is not null)
        .OrderByDescending(p => p.Version).FirstOrDefault();

    /// <summary>A reason the endpoint could not be assessed at all, or null when at least one probe got an answer.</summary>
    public string? Unassessable
    {
        get
        {
            var outcomes = Protocols.Values.ToList();
            if (outcomes.All(p => p.Outcome == ProbeOutcome.Unreachable))
                return $"Could not connect to {Endpoint.Display}: {outcomes[0].Detail}.";
            if (outcomes.All(p => p.Outcome is ProbeOutcome.NoAnswer or ProbeOutcome.Unreachable or ProbeOutcome.NotTestable)
                && outcomes.Any(p => p.Outcome == ProbeOutcome.NoAnswer))
                return $"{Endpoint.Display} accepted the TCP connection but did not answer a TLS handshake ({outcomes.First(p => p.Outcome == ProbeOutcome.NoAnswer).Detail}).";
            if (outcomes.All(p => p.Outcome is ProbeOutcome.Interrupted or ProbeOutcome.NoAnswer or ProbeOutcome.Unreachable or ProbeOutcome.NotTestable)
                && outcomes.Any(p => p.Outcome == ProbeOutcome.Interrupted))
                return $"{Endpoint.Display} did not complete a handshake: {outcomes.First(p => p.Outcome == ProbeOutcome.Interrupted).Detail}.";
            return null;
        }
    }

    public static Task<TlsScan> GetCachedAsync(CheckContext context, Endpoint endpoint, string serverName, string? openSsl,
        TimeSpan timeout, CancellationToken cancellationToken) =>
        ProbeCache.GetAsync(context, $"{endpoint.Host}|{endpoint.Port}|{endpoint.Address}|{serverName}|{openSsl}",
            ct => ScanAsync(endpoint, serverName, openSsl, timeout, ct), cancellationToken);

    /// <summary>Probes every version at once: each probe is its own connection, so they do not wait on each other.</summary>
    public static async Task<TlsScan> ScanAsync(Endpoint endpoint, string serverName, string? openSsl, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var probes = TlsVersions.All.Select(v => ProtocolProbe.ProbeAsync(endpoint, serverName, v, openSsl, timeout, cancellationToken)).ToList();
        var results = await Task.WhenAll(probes).ConfigureAwait(false);
        return new TlsScan { Endpoint = endpoint, ServerName = serverName, Protocols = results.ToDictionary(r => r.Version) };
    }
}
