using Readiness.Core.Running;

namespace Readiness.Core.Checks.Load;

/// <summary>A host that wants the full summary of each load test it runs, not only the verdict's evidence.</summary>
public interface ILoadTestObserver
{
    void Completed(string itemId, LoadTestResult summary);
}

/// <summary>
/// What Invoke-ReadinessLoadTest and `readiness load` run their test under (through <see cref="AdHocRun"/>): the
/// caller's host for progress, logging and confirmation, plus the summary the load check hands over, which they
/// write before the verdict. Null <see cref="Summary"/> means the test did not run (not confirmed, or the target
/// was down).
/// </summary>
public sealed class LoadSummaryHost(IReadinessHost inner) : IReadinessHost, ILoadTestObserver
{
    public LoadTestResult? Summary { get; private set; }
    /// <summary>The answer to the confirmation the runner asked; null when it asked none.</summary>
    public Confirmation? Confirmation { get; private set; }

    public void Completed(string itemId, LoadTestResult summary) => Summary = summary;
    public void Progress(RunProgress progress) => inner.Progress(progress);
    public void Log(LogLevel level, string message) => inner.Log(level, message);

    public Confirmation ShouldProcess(ConfirmationRequest request) => Confirmation = inner.ShouldProcess(request);

    /// <summary>Runs one ad hoc load test item; its one result.</summary>
    public static async Task<(LoadTestResult? Summary, CheckResult Result, Confirmation? Confirmation)> RunAsync(
        LoadTestRequest request, IDictionary<string, object?> parameters, string baseDirectory, IReadinessHost host, CancellationToken cancellationToken)
    {
        var observer = new LoadSummaryHost(host);
        var results = await new AdHocRun("load", baseDirectory) { Host = observer, Timeout = LoadCheck.AdHocTimeout(request) }
            .Add("load", "load", $"Load test of {request.Options.Url}", Severity.High, parameters, section: "Load")
            .RunAsync(cancellationToken).ConfigureAwait(false);
        return (observer.Summary, results.Single(), observer.Confirmation);
    }
}
