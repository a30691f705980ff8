namespace Readiness;

/// <summary>
/// The one place that decides how statuses compare: which is worst, which is a problem, and what -Quiet answers.
/// Checks that combine several verdicts, report writers, the decision engine and every front end ask here, so two
/// of them can never disagree about the same results.
/// </summary>
public static class CheckStatusRules
{
    /// <summary>
    /// Worst first, and readers see statuses in this order too. Failed ranks above Error as in three-valued logic
    /// (false AND unknown is false): when one part of an item proved a fault, the item has failed whether or not its
    /// other parts could run, and the failure's remediation is what to act on; Error only wins over what passed.
    /// The decision treats both alike (<see cref="IsProblem"/>). Skipped ranks below Passed so a skipped part never
    /// outweighs one that was actually checked.
    /// </summary>
    public static IReadOnlyList<CheckStatus> Order { get; } = new[]
    {
        CheckStatus.Failed, CheckStatus.Error, CheckStatus.Warning, CheckStatus.Manual, CheckStatus.Waived,
        CheckStatus.Attested, CheckStatus.Passed, CheckStatus.Skipped,
    };

    private static readonly int[] Ranks = BuildRanks();

    private static int[] BuildRanks()
    {
        var values = Enum.GetValues<CheckStatus>();
        var ranks = new int[values.Max(v => (int)v) + 1];
        foreach (var v in values)
        {
            var i = ((IList<CheckStatus>)Order).IndexOf(v);
            ranks[(int)v] = i < 0 ? throw new InvalidOperationException($"{v} has no place in {nameof(CheckStatusRules)}.{nameof(Order)}.") : i;
        }
        return ranks;
    }

    /// <summary>Position in <see cref="Order"/>: 0 is the worst.</summary>
    public static int Rank(this CheckStatus status) => Ranks[(int)status];

    public static bool IsWorseThan(this CheckStatus status, CheckStatus other) => status.Rank() < other.Rank();

    /// <summary>Failed or could not run: what blocks a release, fails a gate, is annotated as an error and can be waived.</summary>
    public static bool IsProblem(this CheckStatus status) => status is CheckStatus.Failed or CheckStatus.Error;

    /// <summary>The worst of <paramref name="statuses"/>; Skipped when there are none (nothing was checked).</summary>
    public static CheckStatus Worst(IEnumerable<CheckStatus> statuses)
    {
        var worst = CheckStatus.Skipped;
        foreach (var s in statuses)
            if (s.IsWorseThan(worst)) worst = s;
        return worst;
    }

    /// <summary>The first item with the worst status, so ties keep the order the items were checked in.</summary>
    public static T WorstBy<T>(this IEnumerable<T> items, Func<T, CheckStatus> status)
    {
        var found = false;
        T worst = default!;
        foreach (var item in items)
        {
            if (!found || status(item).IsWorseThan(status(worst))) worst = item;
            found = true;
        }
        return found ? worst : throw new InvalidOperationException("There is no worst of no results.");
    }

    public static CheckResult Worst(this IEnumerable<CheckResult> results) => results.WorstBy(r => r.Status);

    /// <summary>Evidence key the runner sets on an item it did not run because nobody confirmed it.</summary>
    public const string NotConfirmedEvidenceKey = "confirmation";

    /// <summary>Skipped because nobody confirmed it (-WhatIf, a "No", no terminal to ask): never tested.</summary>
    public static bool WasNotConfirmed(this CheckResult result) =>
        result.Status == CheckStatus.Skipped && result.Evidence.ContainsKey(NotConfirmedEvidenceKey);

    /// <summary>
    /// The one Boolean every Test- cmdlet's -Quiet and the CLI's single-purpose exit codes give: something was checked
    /// and nothing is a problem. Warnings, Skipped and Manual items do not make it false; the full results say why.
    /// An item not run for want of confirmation does: $true would vouch for something never tested.
    /// </summary>
    public static bool Quiet(IEnumerable<CheckResult> results)
    {
        var any = false;
        foreach (var r in results)
        {
            any = true;
            if (r.Status.IsProblem() || r.WasNotConfirmed()) return false;
        }
        return any;
    }
}
