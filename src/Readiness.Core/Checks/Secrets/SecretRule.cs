using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Secrets;

/// <summary>
/// One detector: a credential format. <see cref="Keywords"/> are searched first (case-insensitive) so the regex only
/// runs on lines that can match; <see cref="MinEntropy"/> rejects low-entropy values where the format is loose.
/// The secret is capture group 1 when the pattern has one, else the whole match.
/// </summary>
public sealed class SecretRule
{
    public SecretRule(string id, string title, string pattern, string[] keywords, double minEntropy = 0,
        bool generic = false, bool ignoreCase = false, int minLength = 0, bool keyHeader = false, bool urlCredential = false,
        int minClasses = 0)
    {
        KeyHeader = keyHeader;
        UrlCredential = urlCredential;
        MinClasses = minClasses;
        Id = id;
        Title = title;
        Pattern = pattern;
        Keywords = keywords;
        MinEntropy = minEntropy;
        Generic = generic;
        MinLength = minLength;
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        // Built on first use: a scan wakes only the rules whose keywords occur, and building all of them up front was
        // most of a short scan's fixed cost. Interpreted, not Compiled: the regex runs only on the few lines its keywords
        // wake, where emitting and JIT-compiling IL costs more than it saves. No NonBacktracking pre-check: building its
        // automaton cost more than it saved (measured: 0.08 s of a cold 500-commit scan, and nothing gained at 8,000).
        _regex = new Lazy<Regex>(() => new Regex(pattern, options, TimeSpan.FromSeconds(1)));
        IgnoreCase = ignoreCase;
    }

    /// <summary>Stable id, used in fingerprints, allowlists and as the SARIF ruleId.</summary>
    public string Id { get; }
    public string Title { get; }
    public string Pattern { get; }
    public Regex Regex => _regex.Value;
    private readonly Lazy<Regex> _regex;
    public IReadOnlyList<string> Keywords { get; }
    /// <summary>Minimum Shannon entropy (bits per character) of the secret; 0 when the format alone is proof.</summary>
    public double MinEntropy { get; }
    public int MinLength { get; }
    /// <summary>A loose name=value rule: identifiers, placeholders and example values are not findings.</summary>
    public bool Generic { get; }
    public bool IgnoreCase { get; }
    /// <summary>The match is a key's BEGIN line: it counts only when a key body follows (on the line or the next one).</summary>
    public bool KeyHeader { get; }
    /// <summary>The secret is the password of a user:password@host URL, where a word of letters is still a password.</summary>
    public bool UrlCredential { get; }
    /// <summary>How many of upper case, lower case and digits the secret must mix; random keys of a loose prefix do.</summary>
    public int MinClasses { get; }

    public override string ToString() => Id;
}
