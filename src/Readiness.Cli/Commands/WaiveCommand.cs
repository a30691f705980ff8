using System.CommandLine;
using System.Globalization;
using Readiness.Core.Evidence;

namespace Readiness.Cli.Commands;

public sealed class WaiveCommand : ICliCommand
{
    public string Name => "waive";

    public Command Build()
    {
        var item = new Argument<string>("item") { Description = "Item id or pattern (security.headers.*) to waive." };
        var checklist = new Option<string>("--checklist", "-c") { Description = "Checklist file.", Required = true };
        var justification = new Option<string>("--justification", "-j") { Description = "Why the failure is accepted for this release.", Required = true };
        var by = new Option<string>("--by") { Description = "Who approved the waiver.", Required = true };
        var expires = new Option<string>("--expires") { Description = "Expiry date (YYYY-MM-DD, held through that day UTC).", Required = true };
        var command = new Command(Name, "Accept a known failure until a date; recorded in the waivers file and the attestation chain.")
        {
            item, checklist, justification, by, expires,
        };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(expires)!;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new ArgumentException($"--expires '{text}' must be a date like 2026-12-31.");
            var waiver = GovernanceService.AddWaiver(new GovernanceService.WaiverRequest
            {
                ChecklistPath = parse.GetValue(checklist)!,
                Item = parse.GetValue(item)!,
                Justification = parse.GetValue(justification)!,
                ApprovedBy = parse.GetValue(by)!,
                Expires = new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero),
            });
            Console.WriteLine($"Waived {waiver.Item} until {waiver.Expires:yyyy-MM-dd} (approved by {waiver.ApprovedBy}).");
            return ExitCodes.Go;
        });
        return command;
    }
}
