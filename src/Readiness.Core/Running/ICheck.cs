namespace Readiness.Core.Running;

/// <summary>
/// One check type (env, tls, http, ...). Implementations are discovered by <see cref="CheckRegistry"/>:
/// a public class with a parameterless constructor is enough to make a type usable from checklists.
/// </summary>
public interface ICheck
{
    /// <summary>The name used as <c>check.type</c> in checklists, lower-case with dashes.</summary>
    string Type { get; }

    /// <summary>Parameter names this type understands; the loader rejects others, naming the allowed ones.</summary>
    IReadOnlyCollection<string> Parameters { get; }

    /// <summary>
    /// Decides one item. A check that judges one thing returns a list of one; a check that judges several aspects
    /// returns one result per aspect, built with <see cref="CheckContext.ForAspect"/>. Throwing is allowed: the runner
    /// turns an exception into Error with its message, and owns timeout, redaction, titles and severities.
    /// </summary>
    Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, CancellationToken cancellationToken);
}
