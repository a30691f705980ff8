using Readiness.Core.Reporting;

namespace Readiness.Core.Running;

/// <summary>
/// Runbook mode: rerun only what failed last time. Reads a previous JSON report and returns the ids of its
/// Failed and Error items, so an on-call engineer re-checks just what matters.
/// </summary>
public static class PreviousRun
{
    /// <summary>Ids of Failed/Error items in the report at <paramref name="path"/>, in report order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a Readiness JSON report.</exception>
    /// <exception cref="ChecklistSelectionException">
    /// Nothing failed in that report: fail closed rather than silently rerunning the whole checklist.
    /// </exception>
    public static List<string> FailedIds(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Previous report {path} does not exist.", path);
        return FailedIds(ReportJson.ReadFile(path), path);
    }

    public static List<string> FailedIds(ReadinessReport report, string source = "the previous report")
    {
        var ids = report.Results.Where(r => r.Status.IsProblem()).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
            throw new ChecklistSelectionException(
                $"{source} has no Failed or Error items ({report.Results.Count} results, decision {report.Decision}); nothing to rerun.");
        return ids;
    }

    /// <summary>Restricts <paramref name="options"/> to the failed ids of a previous report (intersecting any ids already given).</summary>
    public static void Apply(RunOptions options, string previousReportPath)
    {
        var failed = FailedIds(previousReportPath);
        options.Ids = options.Ids.Count == 0
            ? failed
            : options.Ids.Where(id => failed.Contains(id, StringComparer.OrdinalIgnoreCase)).ToList();
        if (options.Ids.Count == 0)
            throw new ChecklistSelectionException($"None of the requested ids failed in {previousReportPath}; nothing to rerun.");
    }
}
