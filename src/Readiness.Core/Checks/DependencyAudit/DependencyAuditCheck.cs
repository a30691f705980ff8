using Readiness.Core.Probing;
using System.ComponentModel;
using System.Diagnostics;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.DependencyAudit;

/// <summary>
/// Known-vulnerable dependencies within limits (seed: 0 critical, under 5 high). Runs the named tool or reads its
/// saved JSON. A tool that is missing or cannot reach its database is Error, never Passed.
/// </summary>
public sealed class DependencyAuditCheck : SingleResultCheck<DependencyAuditParameters>
{
    public override string Type => "dependency-audit";

    public override async Task<CheckResult> DecideAsync(CheckContext context, DependencyAuditParameters p, CancellationToken cancellationToken)
    {
        var tool = p.Tool;
        string json, target;
        if (p.File is { } file)
        {
            var path = context.ResolvePath(file);
            if (!File.Exists(path)) return context.Error($"The audit output {path} does not exist.", path);
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            target = path;
        }
        else
        {
            var project = context.ResolvePath(p.Project);
            target = $"{tool} audit of {project}";
            var (ok, output, error) = await RunToolAsync(tool, project, cancellationToken).ConfigureAwait(false);
            if (!ok) return context.Error(error, target);
            json = output;
        }

        var problems = AuditReportReader.Problems(tool, json);
        if (problems.Count > 0)
            return context.Error($"{tool} could not complete the audit: {string.Join("; ", problems)}.", target).WithRemediation("Give the audit access to its vulnerability database and rerun.");
        var vulns = AuditReportReader.Read(tool, json);
        var counts = vulns.GroupBy(v => v.Severity).ToDictionary(g => g.Key, g => g.Count());
        var limits = new (string Severity, long Max)[]
        {
            ("critical", p.MaxCritical), ("high", p.MaxHigh), ("moderate", p.MaxModerate ?? long.MaxValue), ("low", p.MaxLow ?? long.MaxValue),
        };
        var over = limits.Where(l => counts.GetValueOrDefault(l.Severity) > l.Max).ToList();
        var summary = string.Join(", ", AuditReportReader.Severities.Append("unknown").Where(counts.ContainsKey).Select(s => $"{counts[s]} {s}"));
        CheckResult result = over.Count == 0
            ? context.Pass(vulns.Count == 0 ? $"{tool} reports no known vulnerabilities." : $"{tool} reports {summary}, within the limits.", target)
            : context.Fail($"{tool} reports {summary}; over the limit: {string.Join(", ", over.Select(o => $"{o.Severity} {counts[o.Severity]} > {o.Max}"))} ({string.Join(", ", vulns.Where(v => over.Any(o => o.Severity == v.Severity)).Take(5).Select(v => v.Package))}).",
                target, "Upgrade the listed packages to patched versions, or record an accepted risk as a waiver.");
        foreach (var s in AuditReportReader.Severities) result.WithEvidence(s, counts.GetValueOrDefault(s));
        if (counts.TryGetValue("unknown", out var unknown)) result.WithEvidence("unknown", unknown);
        return result;
    }

    private static async Task<(bool Ok, string Output, string Error)> RunToolAsync(string tool, string project, CancellationToken cancellationToken)
    {
        var (program, args) = tool switch
        {
            "dotnet" => ("dotnet", new[] { "list", project, "package", "--vulnerable", "--include-transitive", "--format", "json" }),
            "npm" => ("npm", new[] { "audit", "--json" }),
            _ => ("cargo", new[] { "audit", "--json" }),
        };
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(new ProcessRequest
            {
                Program = program, Arguments = args, WorkingDirectory = Directory.Exists(project) ? project : Path.GetDirectoryName(project)!,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception) { return (false, "", $"{program} is not installed, so the {tool} dependency audit could not run."); }
        var output = outcome.Output;
        // npm and cargo exit non-zero when they find vulnerabilities; only missing JSON means the audit failed.
        if (string.IsNullOrWhiteSpace(output) || !output.TrimStart().StartsWith('{'))
            return (false, "", $"{tool} audit did not produce a report (exit {outcome.ExitCode}): {FirstLine(outcome.Error + output)}");
        return (true, output, "");
    }

    private static string FirstLine(string text) => text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no output";
}

public sealed record DependencyAuditParameters
{
    [CheckParameter("tool", Required = true, Allowed = ["dotnet", "npm", "cargo"], MustBe = "dotnet, npm or cargo", Expected = "dotnet, npm or cargo")]
    public string Tool { get; init; } = "";
    [CheckParameter("project")] public string Project { get; init; } = ".";
    /// <summary>The tool's saved JSON output, read instead of running it.</summary>
    [CheckParameter("file")] public string? File { get; init; }
    [CheckParameter("maxCritical", Min = 0)] public long MaxCritical { get; init; }
    [CheckParameter("maxHigh", Min = 0)] public long MaxHigh { get; init; } = 4;
    // Unlimited unless given.
    [CheckParameter("maxModerate", Min = 0)] public long? MaxModerate { get; init; }
    [CheckParameter("maxLow", Min = 0)] public long? MaxLow { get; init; }
}
