using System.Management.Automation;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Scans a folder (and with -History every commit on every ref) for secrets, and optionally checks .env.example
/// completeness. Emits CheckResult objects: one summary per check, or one per finding with -PerFinding (for SARIF).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessSecrets", DefaultParameterSetName = "Path")]
[OutputType(typeof(CheckResult))]
[OutputType(typeof(bool))]
public sealed class TestReadinessSecretsCmdlet : ReadinessCmdlet
{
    /// <summary>Folder or repository to scan; the current location by default.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[] Path { get; set; } = { "." };

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Also scan every line ever added on any ref (git log -p --all).</summary>
    [Parameter] public SwitchParameter History { get; set; }

    /// <summary>Scan only the history, not the files checked out now.</summary>
    [Parameter] public SwitchParameter NoWorkingTree { get; set; }

    /// <summary>Fingerprint file of reviewed findings (also accepts "path: GLOB" and "regex: PATTERN" lines).</summary>
    [Parameter] public string? AllowlistPath { get; set; }

    /// <summary>Globs of files not to scan.</summary>
    [Parameter] public string[] AllowPath { get; set; } = Array.Empty<string>();

    /// <summary>Regexes that, matching the secret or its line, suppress a finding.</summary>
    [Parameter] public string[] AllowRegex { get; set; } = Array.Empty<string>();

    /// <summary>Only these detector ids.</summary>
    [Parameter] public string[] Rule { get; set; } = Array.Empty<string>();

    /// <summary>All detectors but these.</summary>
    [Parameter] public string[] ExcludeRule { get; set; } = Array.Empty<string>();

    /// <summary>Also check that this .env.example (relative to -Path) lists every variable the code reads.</summary>
    [Parameter] public string? EnvExample { get; set; }

    /// <summary>Variables .env.example must list in addition to those the code reads.</summary>
    [Parameter] public string[] RequiredVariable { get; set; } = Array.Empty<string>();

    /// <summary>One result per finding (file, line, rule, fingerprint) instead of one summary.</summary>
    [Parameter] public SwitchParameter PerFinding { get; set; }

    /// <summary>Return only $true when nothing failed.</summary>
    [Parameter] public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == "LiteralPath";
        foreach (var folder in ResolveInputPaths(literal ? LiteralPath : Path, literal)) Scan(folder);
    }

    private void Scan(string folder)
    {
        var root = System.IO.Path.GetFullPath(folder);
        var scan = new Dictionary<string, object?>
        {
            ["path"] = root, ["history"] = History.IsPresent, ["workingTree"] = !NoWorkingTree,
            ["allowlist"] = AllowlistPath is null ? null : ResolvePath(AllowlistPath),
            ["allowPaths"] = Listed(AllowPath), ["allowRegexes"] = Listed(AllowRegex), ["rules"] = Listed(Rule), ["excludeRules"] = Listed(ExcludeRule),
            ["perFinding"] = PerFinding.IsPresent,
        };
        // A whole-history scan of a large repository takes minutes; the checklist default of 30 s does not apply here.
        var results = RunItems("secrets", TimeSpan.FromHours(1), run =>
        {
            run.Add("secrets", "secrets.scan", History ? "No secrets in the working tree or Git history" : "No secrets in the working tree",
                Severity.Critical, scan, section: "Secrets");
            if (EnvExample is not null)
                run.Add("secrets", "secrets.env-example", ".env.example lists every required variable", Severity.Critical, new Dictionary<string, object?>
                {
                    ["mode"] = "env-example", ["path"] = root, ["envExample"] = System.IO.Path.Combine(root, EnvExample), ["required"] = Listed(RequiredVariable),
                }, section: "Secrets");
        }, folder);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }

    /// <summary>An empty list is an option not given.</summary>
    private static string[]? Listed(string[] values) => values.Length == 0 ? null : values;
}
