namespace Readiness;

/// <summary>
/// Results per status, one property per status: pwsh reads <c>$report.Counts.Failed</c>, and ConvertTo-Json and
/// Export-Csv, which cannot serialise a dictionary keyed by an enum, see plain numbers.
/// </summary>
public sealed class StatusCounts
{
    private readonly int[] _counts = new int[Enum.GetValues<CheckStatus>().Length];

    public int Passed { get => this[CheckStatus.Passed]; set => this[CheckStatus.Passed] = value; }
    public int Failed { get => this[CheckStatus.Failed]; set => this[CheckStatus.Failed] = value; }
    public int Warning { get => this[CheckStatus.Warning]; set => this[CheckStatus.Warning] = value; }
    public int Error { get => this[CheckStatus.Error]; set => this[CheckStatus.Error] = value; }
    public int Skipped { get => this[CheckStatus.Skipped]; set => this[CheckStatus.Skipped] = value; }
    public int Manual { get => this[CheckStatus.Manual]; set => this[CheckStatus.Manual] = value; }
    public int Attested { get => this[CheckStatus.Attested]; set => this[CheckStatus.Attested] = value; }
    public int Waived { get => this[CheckStatus.Waived]; set => this[CheckStatus.Waived] = value; }

    public int this[CheckStatus status]
    {
        get => _counts[Index(status)];
        set => _counts[Index(status)] = value;
    }

    public static StatusCounts Of(IEnumerable<CheckResult> results)
    {
        var counts = new StatusCounts();
        foreach (var r in results) counts[r.Status]++;
        return counts;
    }

    /// <summary>Every status with its count, zeros included, in the order the statuses are declared.</summary>
    public IEnumerable<KeyValuePair<CheckStatus, int>> ByStatus() =>
        Enum.GetValues<CheckStatus>().Select(s => new KeyValuePair<CheckStatus, int>(s, this[s]));

    /// <summary>"Passed: 3, Failed: 1": the statuses that occur, for a table cell or a CSV column.</summary>
    public override string ToString() => string.Join(", ", ByStatus().Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}"));

    private static int Index(CheckStatus status) =>
        Enum.IsDefined(status) ? (int)status : throw new ArgumentOutOfRangeException(nameof(status), status, "Not a check status.");
}
