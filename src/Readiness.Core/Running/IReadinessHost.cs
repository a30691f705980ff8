namespace Readiness.Core.Running;

/// <summary>
/// What the engine needs from whoever hosts it (a cmdlet, the CLI, a test). Implementations decide which
/// thread actually writes; the engine may call these from worker threads.
/// </summary>
public interface IReadinessHost
{
    void Progress(RunProgress progress);
    void Log(LogLevel level, string message);

    /// <summary>
    /// Asked before anything that changes or loads a target (load, signed deliveries, failed logins, restores).
    /// May block the calling worker until a person answers; a refusal says why, in the host's own terms.
    /// </summary>
    Confirmation ShouldProcess(ConfirmationRequest request);
}

public enum LogLevel { Verbose, Information, Warning }

public sealed record RunProgress(string Activity, string? CurrentItem, int Completed, int Total, string? Detail = null)
{
    public int Percent => Total <= 0 ? 0 : (int)(100.0 * Completed / Total);
}

public sealed class NullHost : IReadinessHost
{
    public static readonly NullHost Instance = new();
    public void Progress(RunProgress progress) { }
    public void Log(LogLevel level, string message) { }
    public Confirmation ShouldProcess(ConfirmationRequest request) => Confirmation.Proceed;
}

/// <summary>A host for work its caller has already confirmed (a cmdlet that asked ShouldProcess itself): it never asks again.</summary>
public sealed class ConfirmedHost(IReadinessHost inner) : IReadinessHost
{
    public void Progress(RunProgress progress) => inner.Progress(progress);
    public void Log(LogLevel level, string message) => inner.Log(level, message);
    public Confirmation ShouldProcess(ConfirmationRequest request) => Confirmation.Proceed;
}
