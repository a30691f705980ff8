using System.CommandLine;
using System.Globalization;
using Readiness.Core.Evidence;

namespace Readiness.Cli.Commands;

/// <summary>`readiness attest ID --by NAME --note TEXT`: records a person's sign-off of a manual item.</summary>
public sealed class AttestCommand : ICliCommand
{
    public string Name => "attest";

    public Command Build()
    {
        var id = new Argument<string>("id") { Description = "Id of the manual item, e.g. go-no-go.sign-off." };
        var by = new Option<string>("--by") { Description = "Who attests (name and role).", Required = true };
        var note = new Option<string?>("--note") { Description = "What was verified, in one sentence." };
        var checklist = new Option<string?>("--checklist", "-c") { Description = "Checklist file (default: the one checklist under ./checklists or . that has the id)." };
        var evidence = new Option<string?>("--evidence") { Description = "Attestation file (default: <checklist>.evidence.jsonl beside the checklist)." };
        var vars = new Option<string[]>("--var") { Description = "Variable as name=value; repeatable." };
        var expires = new Option<string?>("--expires") { Description = "Date (yyyy-MM-dd) after which the attestation no longer counts." };

        var command = new Command(Name, "Record who verified a manual item, when, and a note, in the checklist's append-only evidence file.")
        {
            id, by, note, checklist, evidence, vars, expires,
        };
        command.SetAction(parse =>
        {
            var itemId = parse.GetValue(id)!;
            var loaded = Attestations.LocateChecklist(itemId, parse.GetValue(checklist), CliCommands.ParseVariables(parse.GetValue(vars)), Environment.CurrentDirectory);
            DateTimeOffset? until = null;
            if (parse.GetValue(expires) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    throw new ArgumentException($"--expires '{text}' is not a date; use yyyy-MM-dd.");
                until = parsed;
            }
            var path = Attestations.EvidencePathFor(loaded, parse.GetValue(evidence));
            var entry = Attestations.Attest(loaded, itemId, parse.GetValue(by)!, parse.GetValue(note), path, expires: until);
            var verification = new AttestationStore(path).Verify();
            Console.WriteLine($"Attested {entry.ItemId} by {entry.By} at {entry.At:u} " +
                              $"in {path} (entry {verification.Entries}, {entry.Hash[..12]}).");
            return ExitCodes.Go;
        });
        return command;
    }
}
