using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Readiness.Core.Reporting;

namespace Readiness.Core.Evidence;

/// <summary>
/// Append-only JSON-lines file of attestations. Each entry carries the SHA-256 of the previous entry and its own
/// hash, so editing, removing or reordering a line is detected by <see cref="Verify"/>. The chain makes the file
/// tamper-evident, not tamper-proof: whoever can rewrite the whole file can recompute every hash, and removing
/// the last entries leaves a valid shorter chain. Keep the file in version control to see that.
/// </summary>
public sealed class AttestationStore
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public AttestationStore(string path) => Path = path;

    public string Path { get; }

    /// <summary>Conventional location: beside the checklist, <c>name.evidence.jsonl</c>.</summary>
    public static string DefaultPathFor(string checklistPath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(checklistPath))!,
            System.IO.Path.GetFileNameWithoutExtension(checklistPath) + ".evidence.jsonl");

    public IReadOnlyList<Attestation> ReadAll()
    {
        if (!File.Exists(Path)) return Array.Empty<Attestation>();
        using var stream = Open(FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Parse(ReadText(stream)).Select(e => e.Entry).ToList();
    }

    /// <summary>
    /// Latest unexpired attestation per item id, for a run. Verifies the chain first: a tampered file never satisfies
    /// an item. An item whose latest attestation has expired has none. Waiver entries ("waive") are recorded in the
    /// chain for the audit trail but are applied from the waivers file, so they never hide an attestation.
    /// </summary>
    public IReadOnlyDictionary<string, Attestation> Latest(DateTimeOffset? now = null)
    {
        var verification = Verify();
        if (!verification.IsValid) throw new InvalidDataException(verification.Message);
        var latest = new Dictionary<string, Attestation>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in ReadAll().Where(a => a.Kind == "attest")) latest[a.ItemId] = a;
        var at = now ?? DateTimeOffset.UtcNow;
        foreach (var expired in latest.Where(kv => kv.Value.Expires is { } e && e <= at).Select(kv => kv.Key).ToList())
            latest.Remove(expired);
        return latest;
    }

    /// <summary>
    /// Appends an entry chained to the last one. The file is held exclusively from reading the last hash to
    /// writing the new line, so concurrent attestations (two people, two CI jobs) never fork the chain.
    /// </summary>
    public Attestation Append(string itemId, string by, string? note, string kind = "attest", DateTimeOffset? expires = null, DateTimeOffset? at = null)
    {
        if (string.IsNullOrWhiteSpace(itemId)) throw new ArgumentException("An attestation needs the item id.");
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("An attestation needs the name of who attests (--by / -By).");
        if (kind is not ("attest" or "waive")) throw new ArgumentException($"Attestation kind '{kind}' is not allowed. Allowed: attest, waive.");

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        using var stream = Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var text = ReadText(stream);
        var entries = Parse(text);
        var verification = VerifyEntries(entries);
        if (!verification.IsValid) throw new InvalidDataException(verification.Message);

        var entry = new Attestation
        {
            ItemId = itemId.Trim(), By = by.Trim(), Note = note, Kind = kind, Expires = expires,
            At = at ?? DateTimeOffset.UtcNow, PreviousHash = entries.Count == 0 ? Genesis : entries[^1].Entry.Hash,
        };
        entry.Hash = ComputeHash(entry);
        // A hand-edited file may lack its final newline; never glue the new entry onto the last line.
        var line = (text.Length > 0 && !text.EndsWith('\n') ? "\n" : "") + JsonSerializer.Serialize(entry, ReportJson.Compact) + "\n";
        stream.Seek(0, SeekOrigin.End);
        var bytes = new UTF8Encoding(false).GetBytes(line);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
        return entry;
    }

    public ChainVerification Verify()
    {
        if (!File.Exists(Path)) return new ChainVerification(true, 0, $"{Path}: no attestations yet.");
        try
        {
            using var stream = Open(FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return VerifyEntries(Parse(ReadText(stream)));
        }
        catch (InvalidDataException ex) { return new ChainVerification(false, 0, ex.Message); }
    }

    private ChainVerification VerifyEntries(IReadOnlyList<(int Line, Attestation Entry)> entries)
    {
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var (line, e) = entries[i];
            var what = $"{Path}:{line}: entry {i + 1} ({e.ItemId}, {e.Kind} by {e.By} at {e.At:u})";
            if (e.PreviousHash != previous)
                return new ChainVerification(false, i + 1, i == 0
                    ? $"{what} is not the first entry written: an earlier entry was removed."
                    : $"{what} does not follow entry {i}: an entry was removed, inserted or reordered.");
            if (ComputeHash(e) != e.Hash)
                return new ChainVerification(false, i + 1, $"{what} was modified after it was written.");
            previous = e.Hash;
        }
        return new ChainVerification(true, entries.Count, $"{Path}: {entries.Count} entries, chain intact.");
    }

    /// <summary>
    /// The hash covers every field, encoded as a JSON array so no text can move from one field into another
    /// (a note ending in a date must not be able to become an expiry) without changing the hash.
    /// </summary>
    public static string ComputeHash(Attestation a)
    {
        var canonical = JsonSerializer.Serialize(new[]
        {
            a.PreviousHash, a.ItemId, a.Kind, a.By, a.At.ToUniversalTime().ToString("o"),
            a.Note, a.Expires?.ToUniversalTime().ToString("o"),
        });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }

    private List<(int Line, Attestation Entry)> Parse(string text)
    {
        var list = new List<(int, Attestation)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var entry = JsonSerializer.Deserialize<Attestation>(line, ReportJson.Compact) ?? throw new JsonException("empty entry");
                if (string.IsNullOrEmpty(entry.ItemId) || string.IsNullOrEmpty(entry.Hash)) throw new JsonException("itemId and hash are required");
                list.Add((i + 1, entry));
            }
            catch (JsonException ex) { throw new InvalidDataException($"{Path}:{i + 1}: not an attestation entry ({ex.Message})."); }
        }
        return list;
    }

    private static string ReadText(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        return reader.ReadToEnd();
    }

    /// <summary>Opens the file, waiting briefly while another writer holds it.</summary>
    private FileStream Open(FileMode mode, FileAccess access, FileShare share)
    {
        var deadline = DateTime.UtcNow + LockWait;
        var delay = 5;
        while (true)
        {
            try { return new FileStream(Path, mode, access, share); }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(Path))
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }
}

public sealed record ChainVerification(bool IsValid, int Entries, string Message);
