using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Readiness.Core.Checks.Env;

namespace Readiness.Core.Checks.Secrets;

/// <summary>A raw match inside one line. Internal: the secret leaves the scanner only as a hash and a redacted prefix.</summary>
internal readonly record struct LineMatch(SecretRule Rule, string Secret, int End = 0);

/// <summary>
/// Finds secrets in lines of text. A keyword automaton over every rule's keywords decides whether a line can hold any
/// secret; only the rules whose keywords occur in the line then run. Never throws on any input: a regex that times out
/// on a pathological line skips that rule for that line.
/// </summary>
public sealed class SecretScanner
{
    /// <summary>Lines longer than this (minified bundles, embedded blobs) are scanned up to this length only.</summary>
    public const int MaxLineLength = 16 * 1024;

    private readonly List<SecretRule> _rules;
    private readonly KeywordMatcher _keywords;
    /// <summary>Per keyword index, the rules it wakes.</summary>
    private readonly int[][] _rulesByKeyword;

    public SecretScanner(IEnumerable<SecretRule>? rules = null, SecretAllowlist? allowlist = null)
    {
        _rules = (rules ?? SecretRules.All).ToList();
        Allowlist = allowlist ?? new SecretAllowlist();
        var keywords = _rules.SelectMany(r => r.Keywords).Select(k => k.ToLowerInvariant()).Distinct().ToList();
        _keywords = new KeywordMatcher(keywords);
        _rulesByKeyword = keywords.Select(k => _rules.Select((r, i) => (r, i))
            .Where(x => x.r.Keywords.Contains(k, StringComparer.OrdinalIgnoreCase)).Select(x => x.i).ToArray()).ToArray();
    }

    public SecretAllowlist Allowlist { get; }
    public IReadOnlyList<SecretRule> Rules => _rules;
    /// <summary>Findings suppressed by the fingerprint or regex allowlist (paths are counted by the callers).</summary>
    public int Allowlisted { get; private set; }

    /// <summary>A key's BEGIN line waiting for the next line of the same file to show whether a body follows.</summary>
    private (SecretFinding Finding, int Line, int Skipped)? _pendingKey;

    /// <summary>
    /// Scans one line of <paramref name="file"/> and returns its findings, allowlist applied. Lines of one file come
    /// in order, so a key header is reported once the line after it shows a real body (then with the header's line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per line of history: skip tier-0 code
    public List<SecretFinding>? ScanLine(ReadOnlySpan<char> text, string file, int line, string? commit = null, DateTimeOffset? authorDate = null)
    {
        if (text.Length > MaxLineLength) text = text[..MaxLineLength];
        List<SecretFinding>? findings = null;
        if (_pendingKey is { } pending)
        {
            _pendingKey = null;
            var f = pending.Finding;
            if (f.File == file && f.Commit == commit && pending.Line + 1 == line)
            {
                switch (KeyBodies.Judge(text))
                {
                    case KeyBody.Real: (findings ??= new()).Add(f); break;
                    case KeyBody.NotYet when pending.Skipped < 8: _pendingKey = (f, line, pending.Skipped + 1); break;
                }
            }
        }
        _keywordsFound.Clear();
        _keywords.Collect(text, _keywordsFound);
        if (_keywordsFound.Count == 0) return findings;
        var lineText = text.ToString();
        foreach (var match in MatchRules(lineText, RulesFor(_keywordsFound)))
        {
            var fingerprint = SecretFingerprint.Of(match.Rule.Id, file, match.Secret);
            if (Allowlist.AllowsFinding(fingerprint, match.Secret, lineText))
            {
                Allowlisted++;
                continue;
            }
            var finding = new SecretFinding
            {
                RuleId = match.Rule.Id,
                RuleTitle = match.Rule.Title,
                File = file,
                Line = line,
                Commit = commit,
                AuthorDate = authorDate,
                Redacted = SecretFingerprint.Redact(match.Secret),
                Fingerprint = fingerprint,
            };
            if (match.Rule.KeyHeader)
            {
                var rest = lineText.AsSpan(match.End);
                switch (KeyBodies.JudgeRestOfHeaderLine(rest))
                {
                    case KeyBody.Real: break;
                    case KeyBody.NotYet: _pendingKey = (finding, line, 0); continue;
                    default: continue;
                }
            }
            (findings ??= new()).Add(finding);
        }
        return findings;
    }

    internal bool PrefilterForBenchmark(ReadOnlySpan<char> text) => _keywords.Any(text);

    /// <summary>The rules that match <paramref name="line"/>, with their secret; placeholders and weak values removed.</summary>
    internal IEnumerable<LineMatch> Match(string line)
    {
        var keywords = new List<int>();
        _keywords.Collect(line, keywords);
        return MatchRules(line, RulesFor(keywords));
    }

    private List<LineMatch> MatchRules(string line, List<int> rules)
    {
        // Rules run specific before generic, so a secret is reported once, by the rule that names its format best.
        var found = new List<LineMatch>();
        foreach (var index in rules)
        {
            var rule = _rules[index];
            MatchCollection matches;
            try
            {
                matches = rule.Regex.Matches(line);
                _ = matches.Count;
            }
            catch (RegexMatchTimeoutException) { continue; }
            foreach (Match m in matches)
            {
                var group = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m;
                var secret = group.Value;
                if (!IsSecret(rule, secret) || found.Exists(f => f.Secret == secret)) continue;
                found.Add(new LineMatch(rule, secret, group.Index + group.Length));
            }
        }
        return found;
    }

    // Reused from line to line: most lines that pass the keyword filter match no rule, and allocating per line showed.
    private readonly List<int> _keywordsFound = new();
    private readonly List<int> _rulesFound = new();

    /// <summary>The rules woken by <paramref name="keywords"/>, in rule order (specific before generic).</summary>
    private List<int> RulesFor(List<int> keywords)
    {
        var rules = _rulesFound;
        rules.Clear();
        foreach (var k in keywords)
            foreach (var r in _rulesByKeyword[k])
                if (!rules.Contains(r)) rules.Add(r);
        rules.Sort();
        return rules;
    }

    private static bool IsSecret(SecretRule rule, string secret)
    {
        if (secret.Length < rule.MinLength) return false;
        if (PublishedExamples.Contains(secret)) return false;
        if (rule.KeyHeader) return true;
        if (SecretPlaceholders.IsPlaceholder(secret, rule.Generic, rule.UrlCredential)) return false;
        var entropy = SecretStrength.Entropy(secret);
        if (rule.MinEntropy > 0 && entropy < rule.MinEntropy) return false;
        // A format-valid value that is not random: "ghp_" + 36 repeats of a pattern, or an ABCDEF... run.
        if (secret.Length >= 16 && entropy < 2.0) return false;
        if (PublishedExamples.HasSequentialRun(secret, 6) || PublishedExamples.HasRepeatingRun(secret, 16)) return false;
        if (rule.MinClasses > 0 && (secret.Any(char.IsAsciiLetterUpper) ? 1 : 0) + (secret.Any(char.IsAsciiLetterLower) ? 1 : 0) + (secret.Any(char.IsAsciiDigit) ? 1 : 0) < rule.MinClasses)
            return false;
        if (rule.UrlCredential && secret.All(char.IsLetter) && (secret.Length < 10 || entropy < 3.0)) return false;
        return true;
    }
}
