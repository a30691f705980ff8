using System.Text.RegularExpressions;

namespace Readiness.Core.Checklists;

/// <summary>
/// Resolves <c>${name}</c> references. Precedence: explicit values (-Variable/--var), then a profile file,
/// then the process environment, then the checklist's own defaults. <c>$${</c> writes a literal <c>${</c>.
/// </summary>
public sealed partial class VariableResolver
{
    private readonly IReadOnlyDictionary<string, string> _explicit;
    private readonly IReadOnlyDictionary<string, string> _profile;
    private readonly Func<string, string?> _environment;
    private readonly IReadOnlyDictionary<string, string> _defaults;

    public VariableResolver(IReadOnlyDictionary<string, string>? explicitValues = null,
        IReadOnlyDictionary<string, string>? profile = null,
        Func<string, string?>? environment = null,
        IReadOnlyDictionary<string, string>? defaults = null)
    {
        _explicit = explicitValues ?? new Dictionary<string, string>();
        _profile = profile ?? new Dictionary<string, string>();
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _defaults = defaults ?? new Dictionary<string, string>();
    }

    public VariableResolver WithDefaults(IReadOnlyDictionary<string, string> defaults) => new(_explicit, _profile, _environment, defaults);

    public string? Lookup(string name)
    {
        if (_explicit.TryGetValue(name, out var v)) return v;
        if (_profile.TryGetValue(name, out v)) return v;
        var env = name.StartsWith("env:", StringComparison.Ordinal) ? _environment(name[4..]) : _environment(name);
        if (env is not null) return env;
        return _defaults.TryGetValue(name, out v) ? v : null;
    }

    /// <summary>All variables a run sees, after precedence, for reporting (never includes environment-only values).</summary>
    public Dictionary<string, string> Effective()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _defaults.Keys.Concat(_profile.Keys).Concat(_explicit.Keys).Distinct())
            result[name] = Substitute(Lookup(name) ?? "", _ => { });
        return result;
    }

    /// <summary>
    /// Substitutes references; reports each undefined name through <paramref name="undefined"/>. A value may itself
    /// refer to other variables (a default <c>envFile: ${repo}/.env</c>); a circular reference is reported as undefined.
    /// </summary>
    public string Substitute(string text, Action<string> undefined) => Substitute(text, undefined, new Stack<string>());

    private const int MaxDepth = 16;

    private string Substitute(string text, Action<string> undefined, Stack<string> resolving)
    {
        if (!text.Contains('$')) return text;
        return Reference().Replace(text, m =>
        {
            if (m.Groups["escape"].Success) return "${";
            var name = m.Groups["name"].Value;
            var value = Lookup(name);
            if (value is null || resolving.Contains(name) || resolving.Count >= MaxDepth) { undefined(name); return m.Value; }
            resolving.Push(name);
            try { return Substitute(value, undefined, resolving); }
            finally { resolving.Pop(); }
        });
    }

    [GeneratedRegex(@"(?<escape>\$\$\{)|\$\{(?<name>[A-Za-z_][A-Za-z0-9_.:-]*)\}")]
    private static partial Regex Reference();
}
