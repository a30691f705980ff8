namespace Readiness.Core.Reporting;

/// <summary>
/// The CI system a run is in, detected from the environment (GITHUB_ACTIONS, TF_BUILD), and what a run adds there
/// besides the requested report: the job summary on GitHub, the task result on Azure DevOps.
/// </summary>
public sealed class CiEnvironment
{
    public bool IsGitHubActions { get; private init; }
    public bool IsAzureDevOps { get; private init; }
    /// <summary>Any CI run: GitHub Actions, Azure DevOps, or the CI variable most other systems set.</summary>
    public bool IsCi { get; private init; }
    /// <summary>$GITHUB_STEP_SUMMARY: the file the job summary Markdown is appended to.</summary>
    public string? StepSummaryPath { get; private init; }

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
        };
    }

    /// <summary>
    /// Publishes the report to the CI system after it was written in <paramref name="format"/>: appends the GitHub step
    /// summary, and writes the Azure DevOps task result to <paramref name="commands"/> unless the azure-devops format
    /// already did. Returns what was done, one line each, for the log.
    /// </summary>
    /// <summary>
    /// Formats a program reads back (a JSON or XML file redirected from standard output) must not get a logging command
    /// appended; for those the command goes to standard error instead.
    /// </summary>
    public static bool IsMachineReadable(string format) =>
        format.ToLowerInvariant() is "json" or "junit" or "html" or "sarif";

    public IReadOnlyList<string> Publish(ReadinessReport report, string format, TextWriter commands)
    {
        var done = new List<string>();
        if (StepSummaryPath is not null)
        {
            GitHubReportWriter.AppendStepSummary(report, StepSummaryPath);
            done.Add($"appended the report to the GitHub step summary {StepSummaryPath}");
        }
        if (IsAzureDevOps && !string.Equals(format, "azure-devops", StringComparison.OrdinalIgnoreCase))
        {
            commands.WriteLine(AzureDevOpsReportWriter.TaskComplete(report.Decision));
            done.Add($"set the Azure DevOps task result to {AzureDevOpsReportWriter.Result(report.Decision)}");
        }
        return done;
    }
}
