namespace Readiness;

/// <summary>What Export-ReadinessEvidence wrote: one archive per run with a manifest of SHA-256 hashes.</summary>
public sealed class EvidenceBundleInfo
{
    public string Path { get; set; } = "";
    public string ChecklistName { get; set; } = "";
    public Decision Decision { get; set; }
    public FactList<string> Files { get; set; } = new();
    public string ManifestSha256 { get; set; } = "";
    public bool Signed { get; set; }
    public string? SignatureAlgorithm { get; set; }
    public string? KeyId { get; set; }

    public override string ToString() => $"{Path} ({Files.Count} files{(Signed ? ", signed" : "")})";
}

/// <summary>The outcome of checking an evidence bundle: every tampered, missing or unexpected file is named.</summary>
public sealed class EvidenceVerification
{
    public string Path { get; set; } = "";
    public bool IsValid { get; set; }
    public bool Signed { get; set; }
    public bool SignatureValid { get; set; }
    public string? KeyId { get; set; }
    public int FilesChecked { get; set; }
    public FactList<string> Problems { get; set; } = new();

    public override string ToString() => IsValid ? $"{Path}: valid" : $"{Path}: {string.Join("; ", Problems)}";
}
