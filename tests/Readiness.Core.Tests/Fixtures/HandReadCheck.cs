using Readiness.Core.Running;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>
/// A test double that decides its item with one result and reads its few parameters by hand: the runner's tests
/// need check types that sleep, throw or return a scripted status, not a parameter record.
/// </summary>
public abstract class HandReadCheck : ICheck
{
    public abstract string Type { get; }
    public virtual IReadOnlyCollection<string> Parameters { get; } = Array.Empty<string>();

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, CancellationToken cancellationToken) =>
        [await DecideAsync(context, cancellationToken).ConfigureAwait(false)];

    public abstract Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken);
}
