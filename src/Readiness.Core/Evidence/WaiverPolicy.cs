using System.Text.RegularExpressions;

namespace Readiness.Core.Evidence;

/// <summary>
/// Applies waivers to results: an unexpired waiver turns a Failed or Error item into Waived; an expired one no
/// longer applies and is reported as a Warning of its own; a non-waivable item keeps its status.
/// </summary>
public static class WaiverPolicy
{
    public const string Section = "Waivers";

    public static List<CheckResult> Apply(IReadOnlyList<CheckResult> results, IReadOnlyList<Waiver> waivers,
        IReadOnlyCollection<string> nonWaivable, DateTimeOffset now, out List<Waiver> states)
    {
        states = new List<Waiver>();
        var output = results.ToList();
        foreach (var source in waivers)
        {
            var waiver = Copy(source);
            states.Add(waiver);
            if (waiver.Expires < now)
            {
                waiver.State = WaiverState.Expired;
                output.Add(new CheckResult
                {
                    Id = "waiver." + Slug(waiver.Item),
                    Section = Section,
                    Title = $"Waiver for {waiver.Item}",
                    Status = CheckStatus.Warning,
                    Severity = Severity.Low,
                    CheckType = "waiver",
                    Target = waiver.Item,
                    Message = $"The waiver for {waiver.Item} approved by {waiver.ApprovedBy} expired on {waiver.Expires:yyyy-MM-dd}; it no longer applies.",
                    Remediation = "Fix the item, or renew the waiver with a new approval (readiness waive).",
                    Evidence = { ["expires"] = waiver.Expires.ToString("o"), ["approvedBy"] = waiver.ApprovedBy },
                    Timestamp = now,
                });
                continue;
            }

            var matches = output.Where(r => r.Status.IsProblem() && Matches(waiver.Item, r.Id)).ToList();
            var refused = matches.Where(r => IsNonWaivable(r, nonWaivable)).ToList();
            foreach (var r in matches.Except(refused))
            {
                r.Evidence["waivedStatus"] = r.Status.ToString();
                r.Status = CheckStatus.Waived;
                r.Evidence["waiverApprovedBy"] = waiver.ApprovedBy;
                r.Evidence["waiverExpires"] = waiver.Expires.ToString("yyyy-MM-dd");
                r.Evidence["waiverJustification"] = waiver.Justification;
                r.Message = $"Waived until {waiver.Expires:yyyy-MM-dd} by {waiver.ApprovedBy}: {r.Message}";
                waiver.AppliedTo.Add(r.Id);
            }
            foreach (var r in refused)
                r.Evidence["waiverRefused"] = $"{r.Id} is non-waivable in this checklist; the waiver by {waiver.ApprovedBy} does not apply.";
            waiver.State = waiver.AppliedTo.Count > 0 ? WaiverState.Active : refused.Count > 0 ? WaiverState.Refused : WaiverState.Unused;
        }
        return output;
    }

    public static bool IsNonWaivable(CheckResult result, IReadOnlyCollection<string> nonWaivable) =>
        nonWaivable.Any(rule => Enum.TryParse<Severity>(rule, true, out var severity) && !int.TryParse(rule, out _)
            ? result.Severity == severity
            : Matches(rule, result.Id));

    public static bool Matches(string pattern, string id) =>
        Regex.IsMatch(id, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static Waiver Copy(Waiver w) => new()
    {
        Item = w.Item, Justification = w.Justification, ApprovedBy = w.ApprovedBy, Expires = w.Expires, Created = w.Created,
    };

    private static string Slug(string text) => Regex.Replace(text.ToLowerInvariant(), "[^a-z0-9._-]+", "-").Trim('-');
}
