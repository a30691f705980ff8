namespace Readiness.Core.Reporting;

/// <summary>
/// Results as the file-oriented writers (SARIF, JUnit, annotations) show them: a result that lists several findings
/// becomes one result per finding (file, line, message, rule, fingerprint of the finding; everything else of the
/// result), and the same finding reported twice (a secret in the working tree and in the commit that added it: same
/// rule, file, line and fingerprint) is one, listing every commit. Results without findings stay as they are.
/// </summary>
public static class ReportFindings
{
    /// <summary>One distinct finding: the result that describes it (the working-tree one when there is one) and its commits.</summary>
    public sealed record Distinct(CheckResult Result, IReadOnlyList<string> Commits, int Occurrences, bool IsFinding)
    {
        public bool InWorkingTree { get; init; }
    }

    public static IReadOnlyList<Distinct> Of(IEnumerable<CheckResult> results)
    {
        var distinct = new List<List<(CheckResult Result, bool IsFinding)>>();
        var byKey = new Dictionary<(string, string, string, int, string), List<(CheckResult, bool)>>();
        foreach (var result in results)
        foreach (var (r, isFinding) in Expand(result))
        {
            var fingerprint = r.Evidence.TryGetValue("fingerprint", out var f) ? f : "";
            if (string.IsNullOrEmpty(r.File) || fingerprint.Length == 0)
            {
                distinct.Add(new() { (r, isFinding) });
                continue;
            }
            var key = (r.Id, r.Evidence.TryGetValue("rule", out var rule) ? rule : "", r.File, r.Line ?? 0, fingerprint);
            if (byKey.TryGetValue(key, out var same)) same.Add((r, isFinding));
            else distinct.Add(byKey[key] = new() { (r, isFinding) });
        }
        return distinct.Select(group =>
        {
            var tree = group.FirstOrDefault(x => !x.Result.Evidence.ContainsKey("commit"));
            var describing = tree.Result ?? group[0].Result;
            var commits = group.Select(x => x.Result.Evidence.TryGetValue("commit", out var c) ? c : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new Distinct(describing, commits, group.Count, group[0].IsFinding) { InWorkingTree = tree.Result is not null };
        }).ToList();
    }

    private static IEnumerable<(CheckResult, bool)> Expand(CheckResult result)
    {
        if (result.Findings is not { Count: > 0 } findings)
        {
            yield return (result, false);
            yield break;
        }
        foreach (var f in findings)
        {
            var r = new CheckResult
            {
                Id = result.Id, Section = result.Section, Title = result.Title, Status = result.Status, Severity = result.Severity,
                CheckType = result.CheckType, Target = result.Target, Message = f.Message, Remediation = result.Remediation,
                File = f.File, Line = f.Line, Duration = result.Duration, Timestamp = result.Timestamp,
            };
            // The result's counts describe the whole scan, not this finding: only its own facts.
            if (f.Rule is not null) r.Evidence["rule"] = f.Rule;
            if (f.Fingerprint is not null) r.Evidence["fingerprint"] = f.Fingerprint;
            if (f.Commit is not null) r.Evidence["commit"] = f.Commit;
            yield return (r, true);
        }
    }
}
