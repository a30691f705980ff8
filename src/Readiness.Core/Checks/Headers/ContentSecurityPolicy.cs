namespace Readiness.Core.Checks.Headers;

/// <summary>
/// A parsed Content-Security-Policy (CSP Level 3 syntax: directives split by ';', sources by whitespace; several
/// policies may be comma-separated or sent in several headers). Parsing never throws; the first occurrence of a
/// directive wins, as browsers do.
/// </summary>
public sealed class ContentSecurityPolicy
{
    private static readonly string[] ActiveDirectives = { "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "object-src", "connect-src", "frame-src", "child-src", "worker-src", "font-src", "form-action" };
    private static readonly string[] PassiveDirectives = { "img-src", "media-src" };
    private static readonly string[] BroadSources = { "*", "http:", "https:", "data:", "blob:", "filesystem:" };

    private ContentSecurityPolicy(IReadOnlyDictionary<string, IReadOnlyList<string>> directives) => Directives = directives;

    /// <summary>Directive name (lower case) to its sources (as written, case kept for hosts).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Directives { get; }

    public bool IsEmpty => Directives.Count == 0;

    public static ContentSecurityPolicy Parse(IEnumerable<string> headers)
    {
        var directives = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var policy in headers.SelectMany(h => (h ?? "").Split(',')))
            foreach (var part in policy.Split(';'))
            {
                var tokens = part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length == 0) continue;
                var name = tokens[0].ToLowerInvariant();
                if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) continue;
                directives.TryAdd(name, tokens.Skip(1).ToList());
            }
        return new ContentSecurityPolicy(directives);
    }

    public static ContentSecurityPolicy Parse(string header) => Parse(new[] { header });

    /// <summary>The sources that govern a fetch directive: its own, else default-src; null when neither is set.</summary>
    public (string Directive, IReadOnlyList<string> Sources)? Effective(string directive) =>
        Directives.TryGetValue(directive, out var own) ? (directive, own)
        : Directives.TryGetValue("default-src", out var fallback) ? ("default-src", fallback) : null;

    private static bool Has(IReadOnlyList<string> sources, string keyword) => sources.Any(s => string.Equals(s, keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>Nonces, hashes or 'strict-dynamic' make browsers ignore 'unsafe-inline' in script-src.</summary>
    private static bool NeutralisesUnsafeInline(IReadOnlyList<string> sources) => sources.Any(s =>
        s.StartsWith("'nonce-", StringComparison.OrdinalIgnoreCase) || s.StartsWith("'sha256-", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("'sha384-", StringComparison.OrdinalIgnoreCase) || s.StartsWith("'sha512-", StringComparison.OrdinalIgnoreCase)
        || string.Equals(s, "'strict-dynamic'", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the policy stops injected inline script from running.</summary>
    public bool BlocksInlineScript => Effective("script-src") is { } script
        && (!Has(script.Sources, "'unsafe-inline'") || NeutralisesUnsafeInline(script.Sources));

    public bool AllowsUnsafeEval => Effective("script-src") is { } script && Has(script.Sources, "'unsafe-eval'");

    /// <summary>Ways the policy fails to stop script injection, each a short phrase naming the directive.</summary>
    public IReadOnlyList<string> ScriptProblems()
    {
        var problems = new List<string>();
        if (Effective("script-src") is not { } script) problems.Add("no script-src or default-src, so scripts load from anywhere");
        else
        {
            if (Has(script.Sources, "'unsafe-inline'") && !NeutralisesUnsafeInline(script.Sources)) problems.Add($"'unsafe-inline' in {script.Directive}");
            if (Has(script.Sources, "'unsafe-eval'")) problems.Add($"'unsafe-eval' in {script.Directive}");
            foreach (var broad in BroadSources.Where(b => Has(script.Sources, b))) problems.Add($"'{broad}' source in {script.Directive}");
        }
        if (Effective("object-src") is not { } obj) problems.Add("no object-src or default-src, so plugins load from anywhere");
        else foreach (var broad in BroadSources.Where(b => Has(obj.Sources, b))) problems.Add($"'{broad}' source in {obj.Directive}");
        return problems;
    }

    /// <summary>Directives that allow loading over plain http://.</summary>
    public IReadOnlyList<string> InsecureSchemeDirectives(bool passive) =>
        (passive ? PassiveDirectives : ActiveDirectives)
        .Where(d => Directives.TryGetValue(d, out var sources) && sources.Any(s => s.StartsWith("http:", StringComparison.OrdinalIgnoreCase)))
        .ToList();

    public IReadOnlyList<string>? FrameAncestors => Directives.TryGetValue("frame-ancestors", out var s) ? s : null;

    public override string ToString() => string.Join("; ", Directives.Select(d => d.Value.Count == 0 ? d.Key : $"{d.Key} {string.Join(' ', d.Value)}"));
}
