using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Readiness.Core.Reporting;

namespace Readiness.Core.Evidence;

/// <summary>
/// Append-only JSON-lines file of attestations. Each entry carries the SHA-256 of the previous entry and its own
/// hash, so editing, removing or reordering a line is detected by <see cref="Verify"/>.
/// </summary>
public sealed class AttestationStore
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public AttestationStore(string path) => Path = path;

    public string Path { get; }

    /// <summary>Conventional location: beside the checklist, <c>name.evidence.jsonl</c>.</summary>
    public static string DefaultPathFor(string checklistPath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(checklistPath))!,
            System.IO.Path.GetFileNameWithoutExtension(checklistPath) + ".evidence.jsonl");

    public IReadOnlyList<Attestation> ReadAll()
    {
        if (!File.Exists(Path)) return Array.Empty<Attestation>();
        var list = new List<Attestation>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(Path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try { list.Add(JsonSerializer.Deserialize<Attestation>(line, ReportJson.Compact) ?? throw new JsonException("empty entry")); }
            catch (JsonException ex) { throw new InvalidDataException($"{Path}:{lineNumber}: not an attestation entry ({ex.Message})."); }
        }
        return list;
    }

    /// <summary>Latest entry per item id, for a run. Verifies the chain first: a tampered file never satisfies an item.</summary>
    public IReadOnlyDictionary<string, Attestation> Latest()
    {
        var verification = Verify();
        if (!verification.IsValid) throw new InvalidDataException(verification.Message);
        var latest = new Dictionary<string, Attestation>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in ReadAll()) latest[a.ItemId] = a;
        return latest;
    }

    public Attestation Append(string itemId, string by, string? note, string kind = "attest", DateTimeOffset? expires = null, DateTimeOffset? at = null)
    {
        if (string.IsNullOrWhiteSpace(itemId)) throw new ArgumentException("An attestation needs the item id.");
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("An attestation needs the name of who attests (--by / -By).");
        var verification = Verify();
        if (!verification.IsValid) throw new InvalidDataException(verification.Message);
        var previous = ReadAll().LastOrDefault()?.Hash ?? Genesis;
        var entry = new Attestation
        {
            ItemId = itemId, By = by, Note = note, Kind = kind, Expires = expires,
            At = at ?? DateTimeOffset.UtcNow, PreviousHash = previous,
        };
        entry.Hash = ComputeHash(entry);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.AppendAllText(Path, JsonSerializer.Serialize(entry, ReportJson.Compact) + "\n", new UTF8Encoding(false));
        return entry;
    }

    public ChainVerification Verify()
    {
        IReadOnlyList<Attestation> entries;
        try { entries = ReadAll(); }
        catch (InvalidDataException ex) { return new ChainVerification(false, 0, ex.Message); }
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.PreviousHash != previous)
                return new ChainVerification(false, i + 1, $"{Path}: entry {i + 1} ({e.ItemId}) does not follow entry {i}: an entry was removed, inserted or reordered.");
            if (ComputeHash(e) != e.Hash)
                return new ChainVerification(false, i + 1, $"{Path}: entry {i + 1} ({e.ItemId}) was modified after it was written.");
            previous = e.Hash;
        }
        return new ChainVerification(true, entries.Count, $"{Path}: {entries.Count} entries, chain intact.");
    }

    public static string ComputeHash(Attestation a)
    {
        var canonical = string.Join("\n", a.PreviousHash, a.ItemId, a.Kind, a.By, a.At.ToUniversalTime().ToString("o"),
            a.Note ?? "", a.Expires?.ToUniversalTime().ToString("o") ?? "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }
}

public sealed record ChainVerification(bool IsValid, int Entries, string Message);
