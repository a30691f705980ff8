using Readiness.Core.Probing;
using System.ComponentModel;
using System.Diagnostics;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.DependencyAudit;

/// <summary>
/// Known-vulnerable dependencies within limits (seed: 0 critical, under 5 high). Runs the named tool or reads its
/// saved JSON. A tool that is missing or cannot reach its database is Error, never Passed.
/// </summary>
public sealed class DependencyAuditCheck : SingleResultCheck
{
    public override string Type => "dependency-audit";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "tool", "project", "file", "maxCritical", "maxHigh", "maxModerate", "maxLow" };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var tool = p.RequireString("tool").ToLowerInvariant();
        if (tool is not ("dotnet" or "npm" or "cargo")) throw p.Invalid("tool", "dotnet, npm or cargo");
        string json, target;
        if (p.GetString("file") is { } file)
        {
            var path = context.ResolvePath(file);
            if (!File.Exists(path)) return context.Error($"The audit output {path} does not exist.", path);
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            target = path;
        }
        else
        {
            var project = context.ResolvePath(p.GetString("project", ".")!);
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
            ("critical", p.GetInt("maxCritical", 0)), ("high", p.GetInt("maxHigh", 4)),
            ("moderate", p.GetInt("maxModerate", long.MaxValue)), ("low", p.GetInt("maxLow", long.MaxValue)),
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
