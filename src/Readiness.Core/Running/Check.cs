using System.Diagnostics.CodeAnalysis;

namespace Readiness.Core.Running;

/// <summary>
/// A check type whose parameters are a typed record: <see cref="CheckParameterBinder"/> fills it from the item (and
/// so from cmdlet parameters and CLI options, which reach checks as items), and its properties name the parameters.
/// </summary>
public abstract class Check<[DynamicallyAccessedMembers(CheckParameterBinder.RecordMembers)] TParameters> : ICheck where TParameters : new()
{
    public abstract string Type { get; }
    public IReadOnlyCollection<string> Parameters { get; } = CheckParameterBinder.NamesOf<TParameters>();

    public Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, CancellationToken cancellationToken) =>
        RunAsync(context, CheckParameterBinder.Bind<TParameters>(context.Parameters), cancellationToken);

    /// <summary>One result per aspect judged (<see cref="CheckContext.ForAspect"/>), or a list of one.</summary>
    protected abstract Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, TParameters parameters, CancellationToken cancellationToken);
}

/// <summary>A typed check that decides its item with exactly one result.</summary>
public abstract class SingleResultCheck<[DynamicallyAccessedMembers(CheckParameterBinder.RecordMembers)] TParameters> : Check<TParameters> where TParameters : new()
{
    protected sealed override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, TParameters parameters, CancellationToken cancellationToken) =>
        [await DecideAsync(context, parameters, cancellationToken).ConfigureAwait(false)];

    public abstract Task<CheckResult> DecideAsync(CheckContext context, TParameters parameters, CancellationToken cancellationToken);
}
