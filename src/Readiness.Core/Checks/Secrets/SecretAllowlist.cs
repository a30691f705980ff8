using System.Text.RegularExpressions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Readiness.Core.Checks.Secrets;

/// <summary>
/// What a reviewer has accepted: paths (globs), regexes (matched against the secret and against the whole line) and
/// fingerprints. A fingerprint file has one entry per line; <c>#</c> starts a comment; lines may also be
/// <c>path: GLOB</c> or <c>regex: PATTERN</c>.
/// </summary>
public sealed class SecretAllowlist
{
    /// <summary>Files that are never scanned: test fixtures, lock files and generated bundles.</summary>
    public static IReadOnlyList<string> DefaultPaths { get; } = new[]
    {
        "**/testdata/**", "**/test/fixtures/**", "**/tests/fixtures/**", "**/__fixtures__/**", "**/__snapshots__/**",
        "**/package-lock.json", "**/yarn.lock", "**/pnpm-lock.yaml", "**/go.sum", "**/Cargo.lock", "**/packages.lock.json",
        "**/*.min.js", "**/*.map", "**/.git/**", "**/node_modules/**", "**/bin/**", "**/obj/**",
    };

    /// <summary>The file looked for at the root of the scanned folder when no allowlist is given.</summary>
    public const string DefaultFileName = ".readiness-secrets-allowlist";

    private readonly Matcher _paths = new(StringComparison.OrdinalIgnoreCase);
    private readonly List<Regex> _regexes = new();
    private readonly HashSet<string> _fingerprints = new(StringComparer.Ordinal);

    public SecretAllowlist(IEnumerable<string>? paths = null, IEnumerable<string>? regexes = null,
        IEnumerable<string>? fingerprints = null, bool defaults = true)
    {
        foreach (var p in (defaults ? DefaultPaths : Array.Empty<string>()).Concat(paths ?? Array.Empty<string>())) AddPath(p);
        foreach (var r in regexes ?? Array.Empty<string>()) AddRegex(r);
        foreach (var f in fingerprints ?? Array.Empty<string>()) _fingerprints.Add(f.Trim());
    }

    public int FingerprintCount => _fingerprints.Count;

    public void AddPath(string glob) => _paths.AddInclude(Normalize(glob));

    public void AddRegex(string pattern)
    {
        try { _regexes.Add(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))); }
        catch (ArgumentException ex) { throw new FormatException($"Allowlist regex '{pattern}' is not valid: {ex.Message}"); }
    }

    /// <summary>Reads a fingerprint file; a missing file is an error because a typo would silently allow nothing.</summary>
    public void AddFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The secrets allowlist {path} does not exist.");
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("path:", StringComparison.OrdinalIgnoreCase)) AddPath(line[5..].Trim());
            else if (line.StartsWith("regex:", StringComparison.OrdinalIgnoreCase)) AddRegex(line[6..].Trim());
            else _fingerprints.Add(line.Split('#')[0].Trim());
        }
    }

    /// <summary>A name the file system could not hold (a NUL from a mangled git log line) is never allowed.</summary>
    public bool AllowsPath(string relativePath) =>
        !relativePath.Contains('\0') && _paths.Match(relativePath.Replace('\\', '/')).HasMatches;

    public bool AllowsFinding(string fingerprint, string secret, string line)
    {
        if (_fingerprints.Contains(fingerprint)) return true;
        foreach (var r in _regexes)
        {
            try
            {
                if (r.IsMatch(secret) || r.IsMatch(line)) return true;
            }
            catch (RegexMatchTimeoutException) { /* a slow allowlist regex allows nothing */ }
        }
        return false;
    }

    /// <summary>Glob with <c>**</c> (any folders) and <c>*</c> (within one name); a glob without a slash matches the name anywhere.</summary>
    private static string Normalize(string glob)
    {
        glob = glob.Trim().Replace('\\', '/');
        if (glob.StartsWith('/')) return glob[1..]; // anchored at the root
        return glob.Contains('/') ? glob : "**/" + glob;
    }
}

/// <summary>Values that stand in for a secret: documentation, templates and <c>.env.example</c> entries.</summary>
public static class SecretPlaceholders
{
    private static readonly string[] Markers =
    {
        "changeme", "change-me", "change_me", "changethis", "replaceme", "replace-me", "replace_me", "placeholder",
        "your-", "your_", "yourtoken", "yoursecret", "yourpassword", "redacted", "dummy", "xxxx", "****", "....",
        "insert", "todo", "fixme", "<", ">", "${", "{{", "#{", "%(", "$(",
    };

    /// <summary>Words that mark a loose name=value match as an example rather than a secret.</summary>
    private static readonly string[] GenericMarkers = { "example", "sample", "fake", "test", "secret", "password", "token", "localhost", "notreal", "not-a-real" };

    public static bool IsPlaceholder(string secret, bool generic)
    {
        var v = secret.Trim();
        if (v.Length == 0) return true;
        var lower = v.ToLowerInvariant();
        foreach (var m in Markers)
            if (lower.Contains(m, StringComparison.Ordinal)) return true;
        if (lower.StartsWith('$') || lower.StartsWith('%') || lower.StartsWith('@')) return true;
        if (v.Distinct().Count() <= 3) return true;
        if (!generic) return false;
        foreach (var m in GenericMarkers)
            if (lower.Contains(m, StringComparison.Ordinal)) return true;
        return LooksLikeCode(v);
    }

    /// <summary>
    /// <c>password = config.DbPassword</c>, <c>token: getToken()</c>, <c>secret=os.environ["X"]</c>: a reference to a
    /// secret, not the secret. Identifiers are letters joined by dots, underscores or dashes, without the digits of a key.
    /// </summary>
    private static readonly char[] CodeCharacters = { '(', ')', '[', ']', '{', '}' };
    private static readonly Regex MemberPath = new(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$", RegexOptions.CultureInvariant);

    private static readonly Regex ShellVariable = new(@"\$\{?[A-Z_][A-Z0-9_]*", RegexOptions.CultureInvariant);

    private static bool LooksLikeCode(string v)
    {
        if (v.IndexOfAny(CodeCharacters) >= 0 || v.Contains("::") || v.Contains("->")) return true;
        if (MemberPath.IsMatch(v)) return true; // self.client_secret, ed25519.Ed25519PrivateKey
        if (ShellVariable.IsMatch(v)) return true; // "bench-$RANDOM", "prefix-${SUFFIX}": expanded at run time
        // Letters with dots, underscores or dashes only: a member path or a command (ConvertTo-SecureString), not a key.
        return v.All(c => char.IsLetter(c) || c is '.' or '_' or '-');
    }
}
