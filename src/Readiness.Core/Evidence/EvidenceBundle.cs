using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Readiness.Core.Reporting;

namespace Readiness.Core.Evidence;

/// <summary>
/// One zip per run: the checklist as run, the JSON report, a Markdown snapshot, the attestation chain and waivers,
/// the tool version, and manifest.json with the SHA-256 of each file. Optionally manifest.sig.json signs the
/// manifest, with the public key embedded.
/// </summary>
public static class EvidenceBundle
{
    public const string ManifestName = "manifest.json";
    public const string SignatureName = "manifest.sig.json";
    public const string AttestationsName = "attestations.jsonl";

    public sealed record Inputs(ReadinessReport Report, string? ChecklistPath, string? AttestationsPath, string? WaiversPath)
    {
        /// <summary>What the run registered as secret, when the bundle is made in the same process as the run.</summary>
        public Running.SecretRegistry? Secrets { get; init; }
    }

    public static async Task<EvidenceBundleInfo> CreateAsync(Inputs inputs, string outputPath, IEvidenceSigner? signer, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var report = inputs.Report;
        if (inputs.ChecklistPath is { } checklist && File.Exists(checklist))
            files["checklist" + Path.GetExtension(checklist)] = await File.ReadAllBytesAsync(checklist, cancellationToken).ConfigureAwait(false);
        files["report.json"] = Encoding.UTF8.GetBytes(ReportJson.Serialize(report));
        if (ReportWriters.Formats.Contains("markdown"))
            files["report.md"] = Encoding.UTF8.GetBytes(ReportWriters.Render(report, "markdown"));
        if (inputs.AttestationsPath is { } att && File.Exists(att))
            files[AttestationsName] = await File.ReadAllBytesAsync(att, cancellationToken).ConfigureAwait(false);
        if (inputs.WaiversPath is { } wv && File.Exists(wv))
            files["waivers.yaml"] = await File.ReadAllBytesAsync(wv, cancellationToken).ConfigureAwait(false);
        files["VERSION"] = Encoding.UTF8.GetBytes(report.ToolVersion + "\n");
        var redacted = Redact(files, inputs.Secrets);

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["tool"] = "readiness",
            ["toolVersion"] = report.ToolVersion,
            ["checklist"] = report.ChecklistName,
            ["decision"] = report.Decision.ToString(),
            ["createdAt"] = DateTimeOffset.UtcNow.ToString("o"),
            ["attestationChain"] = redacted.Contains(AttestationsName) ? null : ChainHeadOf(files),
            // A redacted entry no longer matches its hash; the chain of such a copy is checked against the original file.
            ["redacted"] = redacted.Count == 0 ? null : new JsonArray(redacted.Select(r => (JsonNode)r).ToArray()),
            ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Key,
                ["size"] = f.Value.Length,
                ["sha256"] = Sha256(f.Value),
            }).ToArray()),
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        byte[]? signatureBytes = null;
        if (signer is not null)
        {
            var signature = await signer.SignAsync(manifestBytes, cancellationToken).ConfigureAwait(false);
            signatureBytes = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["algorithm"] = signer.Algorithm,
                ["keyId"] = signer.KeyId,
                ["publicKey"] = Convert.ToBase64String(signer.PublicKey),
                ["signature"] = Convert.ToBase64String(signature),
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temp = outputPath + ".partial";
        try
        {
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                foreach (var (name, bytes) in files) Add(zip, name, bytes);
                Add(zip, ManifestName, manifestBytes);
                if (signatureBytes is not null) Add(zip, SignatureName, signatureBytes);
            }
            File.Move(temp, outputPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        return new EvidenceBundleInfo
        {
            Path = Path.GetFullPath(outputPath),
            ChecklistName = report.ChecklistName,
            Decision = report.Decision,
            Files = new(files.Keys.Append(ManifestName).Concat(signatureBytes is null ? Array.Empty<string>() : new[] { SignatureName })),
            ManifestSha256 = Sha256(manifestBytes),
            Signed = signer is not null,
            SignatureAlgorithm = signer?.Algorithm,
            KeyId = signer?.KeyId,
        };
    }

    /// <summary>
    /// Checks every file against the manifest and the manifest against its signature. With
    /// <paramref name="trustedPublicKey"/> the embedded key must also equal it (otherwise a re-signed bundle would pass).
    /// </summary>
    public static EvidenceVerification Verify(string path, byte[]? trustedPublicKey = null, bool requireSignature = false,
        AttestationChainHead? expectedHead = null)
    {
        var result = new EvidenceVerification { Path = Path.GetFullPath(path) };
        if (!File.Exists(path)) { result.Problems.Add($"{path} does not exist."); return result; }
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entries = zip.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            if (!entries.TryGetValue(ManifestName, out var manifestEntry))
            {
                result.Problems.Add($"{ManifestName} is missing: this is not a Readiness evidence bundle.");
                return result;
            }
            var manifestBytes = Read(manifestEntry);
            var manifest = JsonNode.Parse(manifestBytes) as JsonObject ?? throw new JsonException("manifest is not an object");
            var listed = new HashSet<string>(StringComparer.Ordinal) { ManifestName, SignatureName };
            foreach (var file in manifest["files"]?.AsArray() ?? new JsonArray())
            {
                var name = file?["path"]?.GetValue<string>() ?? "";
                var expected = file?["sha256"]?.GetValue<string>() ?? "";
                listed.Add(name);
                if (!entries.TryGetValue(name, out var entry)) { result.Problems.Add($"{name} is listed in the manifest but missing."); continue; }
                result.FilesChecked++;
                if (!string.Equals(Sha256(Read(entry)), expected, StringComparison.OrdinalIgnoreCase))
                    result.Problems.Add($"{name} was modified: its SHA-256 differs from the manifest.");
            }
            foreach (var extra in entries.Keys.Where(k => !listed.Contains(k)))
                result.Problems.Add($"{extra} is not listed in the manifest (added after the bundle was made).");
            CheckChain(entries, manifest, expectedHead, result.Problems);

            if (entries.TryGetValue(SignatureName, out var sigEntry))
            {
                result.Signed = true;
                var sig = JsonNode.Parse(Read(sigEntry)) as JsonObject ?? throw new JsonException("signature is not an object");
                result.KeyId = sig["keyId"]?.GetValue<string>();
                var publicKey = Convert.FromBase64String(sig["publicKey"]?.GetValue<string>() ?? "");
                var signature = Convert.FromBase64String(sig["signature"]?.GetValue<string>() ?? "");
                var algorithm = sig["algorithm"]?.GetValue<string>() ?? "";
                if (trustedPublicKey is not null && !publicKey.AsSpan().SequenceEqual(trustedPublicKey))
                    result.Problems.Add($"{SignatureName}: signed with a different key than the trusted public key.");
                result.SignatureValid = EvidenceSignatures.Verify(algorithm, publicKey, manifestBytes, signature);
                if (!result.SignatureValid)
                    result.Problems.Add($"{SignatureName}: the signature does not match {ManifestName} (the manifest or the signature was changed).");
            }
            else if (requireSignature || trustedPublicKey is not null)
                result.Problems.Add($"{SignatureName} is missing: the bundle is not signed.");
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException or InvalidOperationException)
        {
            result.Problems.Add($"The bundle cannot be read: {ex.Message}");
        }
        result.IsValid = result.Problems.Count == 0;
        return result;
    }

    /// <summary>Reads a PEM public key (SubjectPublicKeyInfo) for trusted verification.</summary>
    public static byte[] ReadPublicKeyPem(string path)
    {
        var pem = File.ReadAllText(path);
        try { using var ec = ECDsa.Create(); ec.ImportFromPem(pem); return ec.ExportSubjectPublicKeyInfo(); }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.ExportSubjectPublicKeyInfo();
        }
    }

    /// <summary>The head of the bundled chain, so a bundle made later from a cut file disagrees with this one.</summary>
    private static JsonNode? ChainHeadOf(SortedDictionary<string, byte[]> files)
    {
        if (!files.TryGetValue(AttestationsName, out var bytes)) return null;
        try
        {
            var head = AttestationStore.HeadOf(Encoding.UTF8.GetString(bytes), AttestationsName);
            return new JsonObject { ["entries"] = head.Entries, ["lastHash"] = head.LastHash };
        }
        catch (InvalidDataException) { return null; }
    }

    /// <summary>
    /// The bundled chain must reach every head known for it: the one given, the one the run recorded in report.json,
    /// the one the manifest recorded. A chain shorter than any of them was cut after that head was seen.
    /// </summary>
    private static void CheckChain(Dictionary<string, ZipArchiveEntry> entries, JsonObject manifest, AttestationChainHead? expected, ICollection<string> problems)
    {
        if (manifest["redacted"] is JsonArray redacted && redacted.Any(r => (string?)r == AttestationsName)) return;
        var heads = new List<(string Source, AttestationChainHead Head)>();
        if (expected is not null) heads.Add(("the expected head", expected));
        if (manifest["attestationChain"] is JsonObject m && m["entries"]?.GetValue<int>() is { } n && m["lastHash"]?.GetValue<string>() is { } h)
            heads.Add((ManifestName, new AttestationChainHead { Entries = n, LastHash = h }));
        if (entries.TryGetValue("report.json", out var reportEntry))
        {
            try
            {
                if (ReportJson.Deserialize(Encoding.UTF8.GetString(Read(reportEntry))).AttestationChain is { } run) heads.Add(("report.json", run));
            }
            catch (JsonException) { /* an unreadable report.json is already a hash mismatch */ }
        }
        if (heads.Count == 0) return;
        if (!entries.TryGetValue(AttestationsName, out var chainEntry))
        {
            if (heads.FirstOrDefault(x => x.Head.Entries > 0) is { Head: not null } missing)
                problems.Add($"{AttestationsName} is missing, but {missing.Source} records {missing.Head.Entries} attestation(s).");
            return;
        }
        var text = Encoding.UTF8.GetString(Read(chainEntry));
        foreach (var (source, head) in heads)
        {
            var verification = AttestationStore.VerifyText(text, AttestationsName, head);
            if (!verification.IsValid) { problems.Add($"{verification.Message.TrimEnd('.')} (head from {source})."); return; }
        }
    }

    /// <summary>
    /// A bundle is handed to auditors and outlives every rotation, so no file in it may carry a secret: not only what
    /// the run registered, but also any password still written into a copied file (an older checklist, a waiver note).
    /// Hashes are taken afterwards, so the manifest describes what is actually shipped.
    /// </summary>
    private static List<string> Redact(SortedDictionary<string, byte[]> files, Running.SecretRegistry? registered)
    {
        var changed = new List<string>();
        var secrets = new Running.SecretRegistry();
        foreach (var s in registered?.Values ?? Array.Empty<string>()) secrets.Add(s);
        var texts = files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value), StringComparer.Ordinal);
        foreach (var text in texts.Values)
            foreach (var found in Checklists.LiteralCredentials.Find(text)) secrets.Add(found);
        if (secrets.Values.Count == 0) return changed;
        foreach (var (name, text) in texts)
        {
            var redacted = secrets.Redact(text);
            if (redacted == text) continue;
            files[name] = Encoding.UTF8.GetBytes(redacted);
            changed.Add(name);
        }
        return changed;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
