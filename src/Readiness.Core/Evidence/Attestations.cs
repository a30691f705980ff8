namespace Readiness.Core.Evidence;

/// <summary>
/// Records a person's attestation of a checklist item, shared by `readiness attest` and Approve-ReadinessItem:
/// the item must exist and be manual, and the entry goes into the checklist's evidence file.
/// </summary>
public static class Attestations
{
    /// <summary>The evidence file a checklist uses: the explicit one, else <c>name.evidence.jsonl</c> beside the checklist.</summary>
    public static string EvidencePathFor(Checklist checklist, string? evidencePath) =>
        evidencePath ?? (checklist.Path is null
            ? throw new ArgumentException("The checklist has no file location; give the evidence file explicitly (--evidence / -EvidencePath).")
            : AttestationStore.DefaultPathFor(checklist.Path));

    /// <summary>Finds the item to attest or explains, naming the closest ids, why it cannot be attested.</summary>
    public static ChecklistItem FindAttestable(Checklist checklist, string itemId)
    {
        var item = checklist.Items.FirstOrDefault(i => string.Equals(i.Id, itemId, StringComparison.OrdinalIgnoreCase));
        if (item is null)
        {
            var near = checklist.Items.Select(i => i.Id)
                .OrderBy(id => Distance(id, itemId)).ThenBy(id => id, StringComparer.Ordinal).Take(3).ToList();
            throw new ArgumentException($"Item '{itemId}' is not in checklist '{checklist.Name}'." +
                                        (near.Count > 0 ? $" Closest ids: {string.Join(", ", near)}." : ""));
        }
        if (item.Check is not null)
            throw new ArgumentException($"Item '{item.Id}' is decided by its '{item.CheckType}' check, not by a person; only manual items can be attested.");
        return item;
    }

    public static Attestation Attest(Checklist checklist, string itemId, string by, string? note, string? evidencePath = null,
        string kind = "attest", DateTimeOffset? expires = null)
    {
        var item = FindAttestable(checklist, itemId);
        return new AttestationStore(EvidencePathFor(checklist, evidencePath)).Append(item.Id, by, note, kind, expires);
    }

    /// <summary>Levenshtein distance, to suggest the id a person probably meant.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1),
                    previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
