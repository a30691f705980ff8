namespace Readiness.Core.Evidence;

/// <summary>Creates a waiver: validated against the checklist, written to the waivers file and the attestation chain.</summary>
public static class WaiverService
{
    public static Waiver Add(Checklist checklist, string itemPattern, string justification, string approvedBy, DateTimeOffset expires,
        string waiversPath, string attestationsPath, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        if (string.IsNullOrWhiteSpace(justification)) throw new ArgumentException("A waiver needs a justification.");
        if (string.IsNullOrWhiteSpace(approvedBy)) throw new ArgumentException("A waiver needs the name of who approved it.");
        if (expires <= at) throw new ArgumentException($"The expiry {expires:yyyy-MM-dd} is not in the future.");
        var matched = checklist.Items.Where(i => WaiverPolicy.Matches(itemPattern, i.Id)).ToList();
        if (matched.Count == 0)
            throw new ArgumentException($"No item of checklist '{checklist.Name}' matches '{itemPattern}'.");
        var refused = matched.Where(i => WaiverPolicy.IsNonWaivable(new CheckResult { Id = i.Id, Severity = i.Severity }, checklist.Settings.NonWaivable)).ToList();
        if (refused.Count == matched.Count)
            throw new ArgumentException($"'{itemPattern}' covers only non-waivable items ({string.Join(", ", refused.Select(i => i.Id))}); this checklist does not allow waiving them.");

        var waiver = new Waiver { Item = itemPattern, Justification = justification, ApprovedBy = approvedBy, Expires = expires, Created = at };
        new WaiverFile(waiversPath).Append(waiver);
        new AttestationStore(attestationsPath).Append(itemPattern, approvedBy, justification, kind: "waive", expires: expires, at: at);
        return waiver;
    }
}
