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

    /// <summary>
    /// The checklist to attest in: the given file, else the one checklist under <c>checklists/</c> or the current
    /// folder that has the item. Ambiguity and absence are errors that say how to choose.
    /// </summary>
    public static Checklist LocateChecklist(string itemId, string? checklistPath, IReadOnlyDictionary<string, string>? variables = null,
        string? searchFolder = null)
    {
        // Attesting a manual item must not need the variables the automated checks use: undefined ones read as empty.
        static string? Empty(string _) => "";
        if (checklistPath is not null) return Running.ReadinessSession.Load(checklistPath, variables, environment: Empty);
        var folder = searchFolder ?? throw new ArgumentException("Name the checklist, or the folder to look for it in (the caller's current folder).");
        var candidates = new[] { Path.Combine(folder, "checklists"), folder }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.*").Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var matches = new List<Checklist>();
        foreach (var file in candidates)
        {
            try
            {
                var checklist = Running.ReadinessSession.Load(file, variables, environment: Empty);
                if (checklist.Items.Any(i => string.Equals(i.Id, itemId, StringComparison.OrdinalIgnoreCase))) matches.Add(checklist);
            }
            catch (Checklists.ChecklistException)
            {
                // Not a loadable checklist (a profile, a manifest): it cannot hold the item.
            }
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ArgumentException($"No checklist in {folder} or its checklists/ folder has item '{itemId}'; name the checklist with --checklist FILE."),
            _ => throw new ArgumentException($"Item '{itemId}' is in {matches.Count} checklists ({string.Join(", ", matches.Select(m => Path.GetFileName(m.Path)))}); choose one with --checklist FILE."),
        };
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
