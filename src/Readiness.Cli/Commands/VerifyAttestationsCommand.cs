using System.CommandLine;
using Readiness.Core.Checklists;
using Readiness.Core.Evidence;

namespace Readiness.Cli.Commands;

/// <summary>`readiness verify-attestations`: checks the evidence file's hash chain. Exit 1 when it was tampered with.</summary>
public sealed class VerifyAttestationsCommand : ICliCommand
{
    public string Name => "verify-attestations";

    public Command Build()
    {
        var checklist = new Option<string?>("--checklist", "-c") { Description = "Checklist whose evidence file to verify." };
        var evidence = new Option<string?>("--evidence") { Description = "Attestation file to verify (default: <checklist>.evidence.jsonl)." };

        var expectedHead = new Option<string?>("--expected-head")
        {
            Description = "ENTRIES:HASH the chain must still reach (a report's attestationChain); default: the newest report beside the file.",
        };

        var command = new Command(Name, "Verify that no attestation was edited, removed or reordered.") { checklist, evidence, expectedHead };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(evidence)
                       ?? (parse.GetValue(checklist) is { } c ? AttestationStore.DefaultPathFor(c)
                           : throw new ArgumentException("Give --checklist FILE or --evidence FILE."));
            var verification = GovernanceService.VerifyAttestations(path, parse.GetValue(expectedHead));
            if (verification.IsValid)
            {
                Console.WriteLine(verification.Message);
                return ExitCodes.Go;
            }
            Console.Error.WriteLine($"readiness: tampered evidence: {verification.Message}");
            return ExitCodes.Findings;
        });
        return command;
    }
}
