namespace Readiness.Core.Reporting;

/// <summary>
/// The CI system a run is in, detected from the environment (GITHUB_ACTIONS, TF_BUILD), and what every run adds there
/// besides the requested report, from the module and the CLI alike: on GitHub Actions the job summary and the
/// annotations (<see cref="GitHubReportWriter"/>), on Azure DevOps the logged issues and the task result
/// (<see cref="AzureDevOpsReportWriter"/>). <see cref="OptOutVariable"/>=off turns it off.
/// </summary>
public sealed class CiEnvironment
{
    public bool IsGitHubActions { get; private init; }
    public bool IsAzureDevOps { get; private init; }
    /// <summary>Any CI run: GitHub Actions, Azure DevOps, or the CI variable most other systems set.</summary>
    public bool IsCi { get; private init; }
    /// <summary>$GITHUB_STEP_SUMMARY: the file the job summary Markdown is appended to.</summary>
    public string? StepSummaryPath { get; private init; }
    /// <summary>READINESS_CI_OUTPUT=off (or 0, false, none) keeps a run from writing anything to the CI system by itself.</summary>
    public bool OutputDisabled { get; private init; }
    private Func<string, string?> _environment = Environment.GetEnvironmentVariable;

    public const string OptOutVariable = "READINESS_CI_OUTPUT";

    public static CiEnvironment Detect(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var github = string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);
        return new CiEnvironment
        {
            IsGitHubActions = github,
            IsAzureDevOps = string.Equals(environment("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase),
            IsCi = github || !string.IsNullOrEmpty(environment("TF_BUILD"))
                   || environment("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0",
            StepSummaryPath = github && !string.IsNullOrWhiteSpace(environment("GITHUB_STEP_SUMMARY")) ? environment("GITHUB_STEP_SUMMARY") : null,
            OutputDisabled = environment(OptOutVariable)?.Trim().ToLowerInvariant() is "off" or "0" or "false" or "none" or "no",
            _environment = environment,
        };
    }

    /// <summary>
    /// Formats a program reads back (a JSON or XML file redirected from standard output) must not get a logging command
    /// appended; for those the command goes to standard error instead.
    /// </summary>
    public static bool IsMachineReadable(string format) =>
        format.ToLowerInvariant() is "json" or "junit" or "html" or "sarif";

    /// <summary>
    /// The one rule for what a CI system is told about a result: error for a Failed/Error item of Medium severity or
    /// above (what the default decision rule blocks or makes Conditional), warning for a Failed/Error item of Low/Info
    /// severity (it does not change the decision but still needs a look) and for a Warning of High/Critical severity;
    /// nothing for the rest, which the summary lists. Null when the result gets no annotation.
    /// </summary>
    public static string? AnnotationLevel(CheckResult result) => result.Status switch
    {
        _ when result.Status.IsProblem() => result.Severity >= Severity.Medium ? "error" : "warning",
        CheckStatus.Warning when result.Severity >= Severity.High => "warning",
        _ => null,
    };

    /// <summary>
    /// Publishes the report to the CI system after it was written in <paramref name="format"/> (to
    /// <paramref name="outputPath"/>, or to standard output when null): on GitHub Actions appends the step summary
    /// and writes the annotations to <paramref name="commands"/>; on Azure DevOps writes the logged issues and the task
    /// result. What the requested output already carries is not written again: the github or azure-devops format on
    /// standard output, a Markdown report written to the step summary file itself. Returns what was done, one line
    /// each, for the log.
    /// </summary>
    public IReadOnlyList<string> Publish(ReadinessReport report, string? format, TextWriter commands, string? outputPath = null)
    {
        var done = new List<string>();
        if (OutputDisabled) return done;
        var toStandardOutput = outputPath is null;
        var paths = RepositoryPaths.Detect(report, _environment);
        if (StepSummaryPath is not null && !SameFile(outputPath, StepSummaryPath))
        {
            GitHubReportWriter.AppendStepSummary(report, StepSummaryPath);
            done.Add($"appended the report to the GitHub step summary {StepSummaryPath}");
        }
        if (IsGitHubActions && !(toStandardOutput && Is(format, "github")))
        {
            new GitHubReportWriter { Paths = paths }.Write(report, commands);
            done.Add("wrote the GitHub annotations");
        }
        if (IsAzureDevOps && !(toStandardOutput && Is(format, "azure-devops")))
        {
            new AzureDevOpsReportWriter { Paths = paths }.Write(report, commands);
            done.Add($"logged the issues and set the Azure DevOps task result to {AzureDevOpsReportWriter.Result(report.Decision)}");
        }
        return done;
    }

    private static bool Is(string? format, string name) => string.Equals(format, name, StringComparison.OrdinalIgnoreCase);

    private static bool SameFile(string? a, string b) =>
        a is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
