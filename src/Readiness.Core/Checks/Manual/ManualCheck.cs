using Readiness.Core.Running;

namespace Readiness.Core.Checks.Manual;

/// <summary>An item only a person can decide: Manual until attested, then Attested with who, when and the note.</summary>
public sealed class ManualCheck : SingleResultCheck
{
    public override string Type => "manual";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "approvers", "instructions" };

    public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var approvers = context.Item.Manual?.Approvers ?? new List<string>();
        var who = approvers.Count == 0 ? "a responsible person" : string.Join(" or ", approvers);
        if (context.Environment.Attestations.TryGetValue(context.Item.Id, out var attestation) && attestation.Kind == "attest")
        {
            var result = context.Result(CheckStatus.Attested, $"Attested by {attestation.By} on {attestation.At:yyyy-MM-dd}.")
                .WithEvidence("attestedBy", attestation.By)
                .WithEvidence("attestedAt", attestation.At.ToString("o"))
                .WithEvidence("hash", attestation.Hash);
            if (!string.IsNullOrWhiteSpace(attestation.Note)) result.WithEvidence("note", attestation.Note);
            return Task.FromResult(result);
        }
        var pending = context.Result(CheckStatus.Manual, $"Awaiting attestation by {who}.")
            .WithRemediation($"Verify the item, then record it: readiness attest {context.Item.Id} --by NAME --note TEXT (or Approve-ReadinessItem).");
        if (approvers.Count > 0) pending.WithEvidence("approvers", string.Join(", ", approvers));
        if (context.Item.PreviouslyValidated) pending.WithEvidence("previouslyValidated", "true");
        return Task.FromResult(pending);
    }
}
