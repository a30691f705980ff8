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

    /// <param name="inUrl">The user:password@ part of a URL, where a word of letters is a password, not an identifier.</param>
    public static bool IsPlaceholder(string secret, bool generic, bool inUrl = false)
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
        return !inUrl && LooksLikeCode(v);
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
        if (v.Contains("://")) return true; // token_endpoint: https://..., a URL rather than a key
        // Letters with dots, underscores or dashes only: a member path or a command (ConvertTo-SecureString), not a key.
        if (v.All(c => char.IsLetter(c) || c is '.' or '_' or '-')) return true;
        return IsWordChain(v);
    }

    /// <summary>
    /// bert-base-multilingual-cased-v2, kubernetes.io/service-account-token, MAX_RETRY_COUNT_V2: words of one case
    /// (or Capitalised), each perhaps with a short number, joined by separators. Random keys mix case inside a segment.
    /// </summary>
    private static bool IsWordChain(string v)
    {
        var segments = v.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3) return false;
        foreach (var segment in segments)
        {
            var letters = segment.TrimEnd("0123456789".ToCharArray());
            if (segment.Length - letters.Length > 3) return false;
            if (letters.Length == 0) continue;
            if (!letters.All(char.IsAsciiLetter)) return false;
            var tail = letters.AsSpan(1);
            var shaped = letters.All(char.IsAsciiLetterLower) || letters.All(char.IsAsciiLetterUpper) || (char.IsAsciiLetterUpper(letters[0]) && !tail.ContainsAnyInRange('A', 'Z'));
            if (!shaped) return false;
        }
        return true;
    }

    private static readonly char[] WordSeparators = { '-', '_', '.', '/', ':' };
}

/// <summary>
/// Credentials that vendors publish in their documentation (AWS's AKIA...EXAMPLE pair, Stripe's docs test key, the
/// jwt.io sample token). They are kept as SHA-256 so this file does not itself contain credential-shaped strings.
/// </summary>
public static class PublishedExamples
{
    private static readonly HashSet<string> Hashes = new(StringComparer.Ordinal)
    {
        "1a5d44a2dca19669d72edf4c4f1c27c4c1ca4b4408fbb17f6ce4ad452d78ddb3", // AWS access key id example
        "78314b11be2e581549ac1c4f616563fad3fdf0c3b71678f6e2299182080e0598", // AWS secret access key example
        "c6ea27c534f993d31f0aef882e3d200e7b87470c379ae79c8f9b19d3bd363dc9", // AWS access key id example (IAM guide)
        "e21b597ba6b9cafa59d9ebc4d65c0385f5eb3fa56abab2607fa76589ad849a33", // AWS secret access key example (IAM guide)
        "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326", // Stripe API reference test key
        "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606", // jwt.io sample token
    };

    public static bool Contains(string secret)
    {
        // AWS marks every documentation key with an EXAMPLE suffix, beyond the two published pairs.
        if (secret.EndsWith("EXAMPLE", StringComparison.Ordinal) || secret.EndsWith("EXAMPLEKEY", StringComparison.Ordinal)) return true;
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
        return Hashes.Contains(hash.ToLowerInvariant());
    }

    /// <summary>ab12ab12ab12ab12...: <paramref name="length"/> characters repeating a unit of at most 8.</summary>
    public static bool HasRepeatingRun(string value, int length)
    {
        for (var period = 1; period <= 8; period++)
        {
            var run = 0;
            for (var i = period; i < value.Length; i++)
            {
                run = value[i] == value[i - period] ? run + 1 : 0;
                if (run + period >= length) return true;
            }
        }
        return false;
    }

    /// <summary>abcdef, 123456, 6789AB...: a run of consecutive characters no random token of this length holds by chance.</summary>
    public static bool HasSequentialRun(string value, int length)
    {
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] + 1 && char.IsAsciiLetterOrDigit(value[i]) ? run + 1 : 1;
            if (run >= length) return true;
        }
        return false;
    }}
