using System.Net;

namespace Readiness.Core.Running;

/// <summary>
/// How much running an item disturbs its target. The values line up with PowerShell's ConfirmImpact so the
/// PowerShell host can compare them with $ConfirmPreference, without Core depending on PowerShell.
/// </summary>
public enum ChangeImpact
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>
/// A check type that sends its target more than reads (load, signed deliveries, failed logins, bursts, restores).
/// The runner asks the host before running an item of such a type, so no check asks on its own and no front end
/// needs to know which types are which.
/// </summary>
public interface ITargetChangingCheck : ICheck
{
    ChangeImpact Impact { get; }

    /// <summary>
    /// What running this item would do, in words a person confirms; null when this item's parameters make it
    /// read-only (a backup check with <c>restore: false</c>). May throw <see cref="CheckParameterException"/>.
    /// </summary>
    PlannedChange? Plan(CheckContext context);
}

/// <summary>What one item would do to which target, e.g. "Send load: open model, 10000 req/s for 20 s" to a URL.</summary>
/// <param name="Endpoints">Where the traffic goes; empty when the change is not a network call (a scratch restore).</param>
public sealed record PlannedChange(string Target, string Action, IReadOnlyList<Uri> Endpoints)
{
    public PlannedChange(string target, string action, params Uri[] endpoints) : this(target, action, (IReadOnlyList<Uri>)endpoints) { }
}

/// <summary>The question the runner puts to the host: one item, what it would do, and how much it matters.</summary>
public sealed record ConfirmationRequest(string ItemId, string Title, PlannedChange Change, ChangeImpact Impact)
{
    public string Target => Change.Target;
    public string Action => Change.Action;

    /// <summary>Every endpoint is this machine, so a mistake cannot load someone else's service.</summary>
    public bool IsLoopbackOnly => Change.Endpoints.Count > 0 && Change.Endpoints.All(TargetAddress.IsLoopback);
}

public enum ConfirmationOutcome
{
    Proceed,
    /// <summary>-WhatIf or --dry-run: listed, not run.</summary>
    WhatIf,
    /// <summary>A person was asked and said no.</summary>
    Declined,
    /// <summary>Confirmation was needed and nobody could be asked (no terminal, non-interactive PowerShell).</summary>
    Refused,
}

/// <summary>A host's answer; <see cref="Reason"/> completes "Not run: ..." in the item's message, in the host's own terms.</summary>
public sealed record Confirmation(ConfirmationOutcome Outcome, string Reason = "")
{
    public static readonly Confirmation Proceed = new(ConfirmationOutcome.Proceed);
    public static Confirmation WhatIf(string reason) => new(ConfirmationOutcome.WhatIf, reason);
    public static Confirmation Declined(string reason = "the confirmation was declined") => new(ConfirmationOutcome.Declined, reason);
    public static Confirmation Refused(string reason) => new(ConfirmationOutcome.Refused, reason);

    public bool Confirmed => Outcome == ConfirmationOutcome.Proceed;
}

/// <summary>What a host does with one confirmation request before it asks anybody.</summary>
public enum ConfirmationStep
{
    Proceed,
    ListOnly,
    Ask,
}

/// <summary>
/// The one rule both fronts apply: a what-if run lists and sends nothing; otherwise an item whose impact reaches the
/// threshold is asked about, anything below it runs. Null threshold means "never ask" (-Confirm:$false, --yes, CI).
/// </summary>
public static class ConfirmationPolicy
{
    public static ConfirmationStep Decide(ChangeImpact impact, bool whatIf, ChangeImpact? threshold) =>
        whatIf ? ConfirmationStep.ListOnly
        : threshold is { } t && impact >= t ? ConfirmationStep.Ask
        : ConfirmationStep.Proceed;

    /// <summary>
    /// The CLI's threshold: load (High) against someone else's machine is asked about; loopback targets, --yes and CI
    /// runs are not, because there either the machine is the user's own or nobody is there to answer.
    /// </summary>
    public static ChangeImpact? CliThreshold(ConfirmationRequest request, bool yes, bool ci) =>
        yes || ci || request.IsLoopbackOnly ? null : ChangeImpact.High;
}

public static class TargetAddress
{
    /// <summary>
    /// 127.0.0.0/8, ::1 (also IPv4-mapped) and the name localhost. Other names are not resolved: a name that
    /// resolves to loopback here may not on the machine that runs the checklist tomorrow.
    /// </summary>
    public static bool IsLoopback(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address);
    }
}

/// <summary>The Skipped result of an item the host did not confirm, and how the rest of the engine recognises it.</summary>
public static class NotConfirmed
{
    /// <summary>Evidence key holding the outcome (whatif, declined, refused); its presence marks the result.</summary>
    public const string EvidenceKey = CheckStatusRules.NotConfirmedEvidenceKey;

    public static bool Is(CheckResult result) => result.WasNotConfirmed();

    public static CheckResult Result(CheckContext context, ConfirmationRequest request, Confirmation answer)
    {
        var action = request.Action.Length == 0 ? request.Action : char.ToLowerInvariant(request.Action[0]) + request.Action[1..];
        var untouched = request.Change.Endpoints.Count > 0 ? $"Nothing was sent to {request.Target}" : $"{request.Target} was not touched";
        return context.Result(CheckStatus.Skipped, $"Not run: {answer.Reason}. {untouched} (planned: {action}).", request.Target)
            .WithEvidence(EvidenceKey, answer.Outcome.ToString().ToLowerInvariant())
            .WithEvidence("plannedAction", request.Action)
            .WithEvidence("impact", request.Impact);
    }
}
