using System.Globalization;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Coverage;

/// <summary>Line coverage (and branch coverage where reported) at or above a threshold, optionally per package.</summary>
public sealed class CoverageCheck : SingleResultCheck<CoverageParameters>
{
    public override string Type => "coverage";

    public override Task<CheckResult> DecideAsync(CheckContext context, CoverageParameters p, CancellationToken cancellationToken)
    {
        var patterns = p.Path;
        if (patterns.Count == 0) throw context.Parameters.Missing("path", CoverageParameters.PathExpected);
        var target = string.Join(", ", patterns);
        var files = patterns.SelectMany(g => FileGlob.Expand(context.BaseDirectoryOf(g), g)).Distinct().ToList();
        if (files.Count == 0)
            return Task.FromResult(context.Fail($"No coverage report matches {target}.", target, "Collect coverage in the test step (e.g. --collect \"XPlat Code Coverage\") and publish the report."));

        var summary = new CoverageSummary();
        foreach (var f in files) summary.Add(CoverageReader.Read(f));
        var minLine = Percent(p.MinLine);
        var minBranch = p.MinBranch is { } b ? Percent(b) : (double?)null;
        var minPackage = p.MinPackage is { } pk ? Percent(pk) : (double?)null;
        var lowest = summary.Packages.Where(kv => kv.Value.Total > 0)
            .Select(kv => (Name: kv.Key, Rate: (double)kv.Value.Covered / kv.Value.Total)).OrderBy(x => x.Rate).Take(3).ToList();
        var lowestText = string.Join(", ", lowest.Select(x => $"{x.Name} {Pct(x.Rate)}"));

        CheckResult result;
        if (summary.LineRate is not { } line)
            result = context.Fail($"The coverage reports ({target}) hold no lines.", target);
        else if (line < minLine)
            result = context.Fail($"Line coverage is {Pct(line)}, below the required {Pct(minLine)}; lowest packages: {lowestText}.", target, "Add tests for the lowest-covered packages.");
        else if (minBranch is { } mb && summary.BranchRate is { } br && br < mb)
            result = context.Fail($"Branch coverage is {Pct(br)}, below the required {Pct(mb)}.", target);
        else if (minPackage is { } mp && lowest.Count > 0 && lowest[0].Rate < mp)
            result = context.Fail($"Package {lowest[0].Name} has {Pct(lowest[0].Rate)} line coverage, below the per-package {Pct(mp)}.", target);
        else
            result = context.Pass($"Line coverage is {Pct(line)} (required {Pct(minLine)}){(summary.BranchRate is { } brr ? $", branch {Pct(brr)}" : "")}.", target);

        result.WithEvidence("files", files.Count).WithEvidence("lineRate", Round(summary.LineRate)).WithEvidence("linesCovered", summary.LinesCovered)
            .WithEvidence("linesTotal", summary.LinesTotal).WithEvidence("minLine", Round(minLine));
        if (summary.BranchRate is { } rate) result.WithEvidence("branchRate", Round(rate));
        if (lowest.Count > 0) result.WithEvidence("lowestPackages", lowestText);
        return Task.FromResult(result);
    }

    private static string Pct(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Thresholds may be written as 80 or 0.8.</summary>
    private static double Percent(double value) => value > 1 ? value / 100 : value;

    private static string Round(double? value) => value is null ? "" : Math.Round(value.Value * 100, 2).ToString(CultureInfo.InvariantCulture) + "%";
}

public sealed record CoverageParameters
{
    internal const string PathExpected = "a coverage report or glob such as TestResults/**/coverage.cobertura.xml";

    [CheckParameter("path", Required = true, Expected = PathExpected)] public IReadOnlyList<string> Path { get; init; } = [];
    /// <summary>Written as 80 or 0.8.</summary>
    [CheckParameter("minLine", Min = 0, Max = 100)] public double MinLine { get; init; } = 80;
    [CheckParameter("minBranch", Min = 0, Max = 100)] public double? MinBranch { get; init; }
    [CheckParameter("minPackage", Min = 0, Max = 100)] public double? MinPackage { get; init; }
}
