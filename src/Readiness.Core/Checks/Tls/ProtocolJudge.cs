using Readiness.Core.Running;

namespace Readiness.Core.Checks.Tls;

/// <summary>Decides the protocol versions: every forbidden one refused, every required one accepted, nothing guessed.</summary>
public static class ProtocolJudge
{
    public static CheckResult Judge(CheckContext context, TlsScan scan, IReadOnlyList<TlsVersion> require, IReadOnlyList<TlsVersion> forbid)
    {
        var target = scan.Endpoint.Display;
        var outcome = (TlsVersion v) => scan.Protocols[v].Outcome;
        var acceptedForbidden = forbid.Where(v => outcome(v) == ProbeOutcome.Accepted).ToList();
        var missingRequired = require.Where(v => outcome(v) == ProbeOutcome.Refused).ToList();
        var broken = forbid.Concat(require).Distinct()
            .Where(v => outcome(v) is ProbeOutcome.Interrupted or ProbeOutcome.NoAnswer).OrderByDescending(v => v).ToList();
        var unknown = forbid.Concat(require).Distinct()
            .Where(v => outcome(v) is ProbeOutcome.NotTestable or ProbeOutcome.Unreachable).ToList();

        CheckResult result;
        if (acceptedForbidden.Count > 0)
            result = context.Fail($"{Names(acceptedForbidden)} {(acceptedForbidden.Count == 1 ? "is" : "are")} accepted by {target}; disable {(acceptedForbidden.Count == 1 ? "it" : "them")}.", target,
                $"Set the server's protocols to {Names(TlsVersions.All.Except(forbid).ToList())} only (nginx: ssl_protocols TLSv1.2 TLSv1.3;).");
        // A handshake cut short is a fault of the path, not a refusal: calling it "not offered" would send people to
        // reconfigure a server that may be fine.
        else if (broken.Count > 0)
            result = context.Error($"{target} did not complete a handshake at {Names(broken)}: {scan.Protocols[broken[0]].Detail}.", target)
                .WithRemediation("Check what sits between here and the server (proxy, firewall, load balancer) and the server's error log, then run again.");
        else if (missingRequired.Count > 0)
            result = context.Fail($"{Names(missingRequired)} {(missingRequired.Count == 1 ? "is" : "are")} not offered by {target}; enable {(missingRequired.Count == 1 ? "it" : "them")}.", target,
                "Enable TLS 1.3 on the server (nginx: ssl_protocols TLSv1.2 TLSv1.3;) and on the TLS library it is built with.");
        else if (unknown.Count > 0)
            result = context.Warn($"Whether {target} accepts {Names(unknown)} is unknown: {scan.Protocols[unknown[0]].Detail}.", target,
                "Probe from a machine whose OpenSSL can still offer old versions (e.g. run testssl.sh), or install the openssl CLI here.");
        else
        {
            var accepted = TlsVersions.All.Where(v => outcome(v) == ProbeOutcome.Accepted).ToList();
            var refused = TlsVersions.All.Where(v => outcome(v) == ProbeOutcome.Refused).ToList();
            result = context.Pass($"{target} accepts {(accepted.Count == 0 ? "no version" : Names(accepted))}{(refused.Count == 0 ? "" : $" and refuses {Names(refused)}")}.", target);
        }

        foreach (var (version, probe) in scan.Protocols.OrderBy(kv => kv.Key))
        {
            result.WithEvidence(version.Key(), probe.Outcome switch
            {
                ProbeOutcome.Accepted => "accepted", ProbeOutcome.Refused => "refused", ProbeOutcome.NotTestable => "not testable here",
                ProbeOutcome.NoAnswer => "no answer", ProbeOutcome.Interrupted => "interrupted", _ => "unreachable",
            });
            result.WithEvidence(version.Key() + ".probe", probe.Cipher is null ? $"{probe.Method}: {probe.Detail}" : $"{probe.Method}: {probe.Cipher}");
        }
        return result;
    }

    private static string Names(IReadOnlyList<TlsVersion> versions)
    {
        var names = versions.Select(v => v.Name()).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
    }
}
