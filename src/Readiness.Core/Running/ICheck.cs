namespace Readiness.Core.Running;

/// <summary>
/// One check type (env, tls, http, ...). An implementation is usable from checklists once it is listed in
/// <see cref="CheckRegistry.BuiltIn"/> (CheckRegistryTests names a public check class that is not).
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
