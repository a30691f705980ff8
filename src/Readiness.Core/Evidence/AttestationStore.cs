using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Readiness.Core.Reporting;

namespace Readiness.Core.Evidence;

/// <summary>
/// Append-only JSON-lines file of attestations. Each entry carries the SHA-256 of the previous entry and its own
/// hash, so editing, removing or reordering a line is detected by <see cref="Verify"/>. The chain makes the file
/// tamper-evident, not tamper-proof: whoever can rewrite the whole file can recompute every hash. Removing the last
/// entries leaves a valid shorter chain, so every report and bundle records the head it saw, and verification
/// compares the file with the newest recorded head beside it (or one given explicitly).
/// </summary>
public sealed class AttestationStore
{
    public const string Genesis = AttestationChainHead.Genesis;
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
        var verification = Verify(RecordedHead());
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
        var verification = VerifyEntries(entries, RecordedHead());
        if (!verification.IsValid) throw new InvalidDataException(verification.Message);

        var entry = new Attestation
        {
            ItemId = itemId.Trim(), By = by.Trim(), Note = note, Kind = kind, Expires = expires,
            At = at ?? DateTimeOffset.UtcNow, PreviousHash = entries.Count == 0 ? Genesis : entries[^1].Entry.Hash,
        };
        entry.Hash = ComputeHash(entry);
        // A hand-edited file may lack its final newline; never glue the new entry onto the last line.
        var line = (text.Length > 0 && !text.EndsWith('\n') ? "\n" : "") + JsonSerializer.Serialize(entry, ReportJson.OneLine.Attestation) + "\n";
        stream.Seek(0, SeekOrigin.End);
        var bytes = new UTF8Encoding(false).GetBytes(line);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
        return entry;
    }

    /// <summary>Verifies the chain against the newest head recorded beside the file (see <see cref="RecordedHead"/>).</summary>
    public ChainVerification Verify() => Verify(RecordedHead());

    /// <summary>Verifies the chain and, with <paramref name="expected"/>, that the file still reaches that head.</summary>
    public ChainVerification Verify(AttestationChainHead? expected)
    {
        if (!File.Exists(Path))
            return expected is { Entries: > 0 }
                ? new ChainVerification(false, 0, $"{Path} is missing, but {Recorded(expected)} (entries were removed).")
                : new ChainVerification(true, 0, $"{Path}: no attestations yet.");
        try
        {
            using var stream = Open(FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return VerifyEntries(Parse(ReadText(stream)), expected);
        }
        catch (InvalidDataException ex) { return new ChainVerification(false, 0, ex.Message); }
    }

    /// <summary>Verifies attestation text that is not in this store's file (a bundle's copy), reported under <paramref name="name"/>.</summary>
    public static ChainVerification VerifyText(string text, string name, AttestationChainHead? expected)
    {
        var store = new AttestationStore(name);
        try { return store.VerifyEntries(store.Parse(text), expected); }
        catch (InvalidDataException ex) { return new ChainVerification(false, 0, ex.Message); }
    }

    /// <summary>The head of the chain as the file holds it now; throws when the chain itself is broken.</summary>
    public AttestationChainHead Head()
    {
        if (!File.Exists(Path)) return new AttestationChainHead { Path = System.IO.Path.GetFullPath(Path) };
        using var stream = Open(FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return HeadOf(ReadText(stream), System.IO.Path.GetFullPath(Path));
    }

    public static AttestationChainHead HeadOf(string text, string? path)
    {
        var store = new AttestationStore(path ?? "attestations.jsonl");
        var entries = store.Parse(text);
        var verification = store.VerifyEntries(entries, null);
        if (!verification.IsValid) throw new InvalidDataException(verification.Message);
        return new AttestationChainHead { Path = path, Entries = entries.Count, LastHash = entries.Count == 0 ? Genesis : entries[^1].Entry.Hash };
    }

    /// <summary>
    /// The head recorded by the newest Readiness JSON report beside the file that read this file, or null. Reports are
    /// what people keep (CI artifacts, the repository), so they are where an earlier, longer chain is remembered.
    /// </summary>
    public AttestationChainHead? RecordedHead()
    {
        var full = System.IO.Path.GetFullPath(Path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) return null;
        AttestationChainHead? newest = null;
        var newestStart = DateTimeOffset.MinValue;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            try
            {
                if (new FileInfo(file).Length > 16 * 1024 * 1024) continue;
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                if (doc.RootElement.ValueKind != JsonValueKind.Object
                    || !doc.RootElement.TryGetProperty("attestationChain", out var chain) || chain.ValueKind != JsonValueKind.Object) continue;
                var head = chain.Deserialize(ReportJson.OneLine.AttestationChainHead);
                // By name: a report kept beside the file may have been written on another machine, at another path.
                if (head?.Path is null || !string.Equals(System.IO.Path.GetFileName(head.Path), System.IO.Path.GetFileName(full), StringComparison.Ordinal)) continue;
                var start = doc.RootElement.TryGetProperty("startTime", out var st) && st.TryGetDateTimeOffset(out var t) ? t : DateTimeOffset.MinValue;
                if (newest is null || start > newestStart || (start == newestStart && head.Entries > newest.Entries))
                {
                    newest = head;
                    newestStart = start;
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Not a report (or unreadable): it recorded no head.
            }
        }
        return newest;
    }

    private static string Recorded(AttestationChainHead head) =>
        $"a report recorded {head.Entries} entr{(head.Entries == 1 ? "y" : "ies")} ending in {head.LastHash[..Math.Min(12, head.LastHash.Length)]}";

    private ChainVerification VerifyEntries(IReadOnlyList<(int Line, Attestation Entry)> entries, AttestationChainHead? expected)
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
        if (expected is not null)
        {
            if (entries.Count < expected.Entries)
                return new ChainVerification(false, entries.Count,
                    $"{Path} has {entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}, but {Recorded(expected)}: entries were removed from the end.");
            var atHead = expected.Entries == 0 ? Genesis : entries[expected.Entries - 1].Entry.Hash;
            if (!string.Equals(atHead, expected.LastHash, StringComparison.OrdinalIgnoreCase))
                return new ChainVerification(false, expected.Entries,
                    $"{Path}: entry {expected.Entries} is not the head a report recorded ({expected.LastHash[..Math.Min(12, expected.LastHash.Length)]}): the chain was rewritten.");
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
        }, CanonicalJsonContext.Default.StringArray!);
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
                var entry = JsonSerializer.Deserialize(line, ReportJson.OneLine.Attestation) ?? throw new JsonException("empty entry");
                if (string.IsNullOrEmpty(entry.ItemId) || string.IsNullOrEmpty(entry.Hash)) throw new JsonException("itemId and hash are required");
                if (!TimestampsAsWritten(line, entry))
                    throw new InvalidDataException($"{Path}:{i + 1}: entry {list.Count + 1} ({entry.ItemId}) was modified after it was written (a timestamp is not as it was written).");
                list.Add((i + 1, entry));
            }
            catch (JsonException ex) { throw new InvalidDataException($"{Path}:{i + 1}: not an attestation entry ({ex.Message})."); }
        }
        return list;
    }

    /// <summary>
    /// The hash covers timestamps as parsed values, and the parser drops fraction digits past the seventh, so
    /// "…15.1234567" and "…15.12345679" hash alike. Requiring the text the writer produces closes that gap.
    /// </summary>
    private static bool TimestampsAsWritten(string line, Attestation entry)
    {
        using var doc = JsonDocument.Parse(line);
        foreach (var (name, value) in new[] { ("at", (DateTimeOffset?)entry.At), ("expires", entry.Expires) })
        {
            if (!doc.RootElement.TryGetProperty(name, out var raw) || raw.ValueKind != JsonValueKind.String || value is null) continue;
            if (raw.GetString() != JsonSerializer.Serialize(value.Value, ReportJson.OneLine.DateTimeOffset).Trim('"')) return false;
        }
        return true;
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
