using System.Text.RegularExpressions;
using Readiness.Core.Checks.Env;

namespace Readiness.Core.Checks.Secrets;

/// <summary>A raw match inside one line. Internal: the secret leaves the scanner only as a hash and a redacted prefix.</summary>
internal readonly record struct LineMatch(SecretRule Rule, string Secret);

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

    /// <summary>Scans one line of <paramref name="file"/> and returns its findings, allowlist applied.</summary>
    public List<SecretFinding>? ScanLine(ReadOnlySpan<char> text, string file, int line, string? commit = null, DateTimeOffset? authorDate = null)
    {
        if (text.Length > MaxLineLength) text = text[..MaxLineLength];
        if (!Prefilter(text)) return null;
        var lineText = text.ToString();
        List<SecretFinding>? findings = null;
        foreach (var match in Match(lineText))
        {
            var fingerprint = SecretFingerprint.Of(match.Rule.Id, file, match.Secret);
            if (Allowlist.AllowsFinding(fingerprint, match.Secret, lineText))
            {
                Allowlisted++;
                continue;
            }
            (findings ??= new()).Add(new SecretFinding
            {
                RuleId = match.Rule.Id,
                RuleTitle = match.Rule.Title,
                File = file,
                Line = line,
                Commit = commit,
                AuthorDate = authorDate,
                Redacted = SecretFingerprint.Redact(match.Secret),
                Fingerprint = fingerprint,
            });
        }
        return findings;
    }

    internal bool PrefilterForBenchmark(ReadOnlySpan<char> text) => Prefilter(text);

    private bool Prefilter(ReadOnlySpan<char> text) => _keywords.Any(text);

    /// <summary>The rules that match <paramref name="line"/>, with their secret; placeholders and weak values removed.</summary>
    internal IEnumerable<LineMatch> Match(string line)
    {
        // Rules run specific before generic, so a secret is reported once, by the rule that names its format best.
        var reported = new List<string>();
        foreach (var rule in RulesToTry(line))
        {
            MatchCollection matches;
            try
            {
                if (!rule.Probe.IsMatch(line)) continue;
                matches = rule.Regex.Matches(line);
                _ = matches.Count;
            }
            catch (RegexMatchTimeoutException) { continue; }
            foreach (Match m in matches)
            {
                var secret = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value;
                if (!IsSecret(rule, secret) || reported.Contains(secret)) continue;
                reported.Add(secret);
                yield return new LineMatch(rule, secret);
            }
        }
    }

    /// <summary>The rules whose keywords occur in the line, in rule order (specific before generic).</summary>
    private IEnumerable<SecretRule> RulesToTry(string line)
    {
        var keywords = new List<int>();
        _keywords.Collect(line, keywords);
        var rules = new List<int>();
        foreach (var k in keywords)
            foreach (var r in _rulesByKeyword[k])
                if (!rules.Contains(r)) rules.Add(r);
        rules.Sort();
        return rules.Select(i => _rules[i]);
    }

    private static bool IsSecret(SecretRule rule, string secret)
    {
        if (secret.Length < rule.MinLength) return false;
        if (SecretPlaceholders.IsPlaceholder(secret, rule.Generic)) return false;
        return rule.MinEntropy <= 0 || SecretStrength.Entropy(secret) >= rule.MinEntropy;
    }
}
