using System.Security.Cryptography;
using System.Text;

namespace Readiness.Core.Checks.Secrets;

/// <summary>
/// One secret found in a file or a commit. It never holds the secret itself: only the first characters
/// (<see cref="Redacted"/>) and a hash inside <see cref="Fingerprint"/>.
/// </summary>
public sealed record SecretFinding
{
    public required string RuleId { get; init; }
    public required string RuleTitle { get; init; }
    /// <summary>Path relative to the scanned folder or repository root, with forward slashes.</summary>
    public required string File { get; init; }
    public required int Line { get; init; }
    /// <summary>Full commit id for history findings; null for the working tree.</summary>
    public string? Commit { get; init; }
    public DateTimeOffset? AuthorDate { get; init; }
    /// <summary>At most the first 4 characters followed by asterisks.</summary>
    public required string Redacted { get; init; }
    /// <summary><c>rule:file:sha256</c>, see <see cref="SecretFingerprint"/>; the key of the fingerprint allowlist.</summary>
    public required string Fingerprint { get; init; }

    public bool InHistory => Commit is not null;
    public string ShortCommit => Commit is null ? "" : Commit[..Math.Min(8, Commit.Length)];

    /// <summary>"file:line" plus the commit and its date for history findings.</summary>
    public string Where => Commit is null
        ? $"{File}:{Line}"
        : $"{File}:{Line} (commit {ShortCommit}{(AuthorDate is { } d ? ", " + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")})";
}

/// <summary>
/// Fingerprint of a finding: <c>{ruleId}:{file}:{first 16 hex digits of SHA-256 of the secret}</c>. It stays the same
/// for every commit that carries the same secret in the same file, so one reviewed entry suppresses them all, and it
/// reveals nothing usable about the secret.
/// </summary>
public static class SecretFingerprint
{
    public static string Of(string ruleId, string file, string secret) => $"{ruleId}:{file}:{Hash(secret)}";

    public static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16].ToLowerInvariant();

    /// <summary>At most the first 4 characters (fewer for short secrets) and a fixed mask, so length is not revealed.</summary>
    public static string Redact(string secret)
    {
        var keep = Math.Min(4, secret.Length / 4);
        return secret[..keep] + "****";
    }
}
