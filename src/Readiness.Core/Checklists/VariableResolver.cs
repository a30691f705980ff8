using System.Text.RegularExpressions;

namespace Readiness.Core.Checklists;

/// <summary>
/// Resolves <c>${name}</c> references. Precedence: explicit values (-Variable/--var), then a profile file,
/// then the process environment, then the checklist's own defaults. <c>$${</c> writes a literal <c>${</c>.
/// A value the caller supplies is a path relative to where the caller is (a pwsh location, a shell's working folder),
/// while a default written in the checklist is relative to the checklist: <see cref="BaseDirectoryOf"/> tells which.
/// The caller's folder is passed in, never read from the process, because a pwsh session's location is not the process's.
/// </summary>
public sealed partial class VariableResolver
{
    private readonly IReadOnlyDictionary<string, string> _explicit;
    private readonly IReadOnlyDictionary<string, string> _profile;
    private readonly Func<string, string?> _environment;
    private readonly IReadOnlyDictionary<string, string> _defaults;
    private readonly string? _callerDirectory;
    private readonly string? _profileDirectory;

    /// <param name="callerDirectory">Where relative paths in explicit values and the environment resolve; null: the checklist's folder.</param>
    /// <param name="profileDirectory">Where relative paths in profile values resolve (the profile file's folder); null: the caller's.</param>
    public VariableResolver(IReadOnlyDictionary<string, string>? explicitValues = null,
        IReadOnlyDictionary<string, string>? profile = null,
        Func<string, string?>? environment = null,
        IReadOnlyDictionary<string, string>? defaults = null,
        string? callerDirectory = null,
        string? profileDirectory = null)
    {
        _explicit = explicitValues ?? new Dictionary<string, string>();
        _profile = profile ?? new Dictionary<string, string>();
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _defaults = defaults ?? new Dictionary<string, string>();
        _callerDirectory = callerDirectory;
        _profileDirectory = profileDirectory;
    }

    public VariableResolver WithDefaults(IReadOnlyDictionary<string, string> defaults) =>
        new(_explicit, _profile, _environment, defaults, _callerDirectory, _profileDirectory);

    public string? Lookup(string name) => Lookup(name, out _);

    private string? Lookup(string name, out string? baseDirectory)
    {
        baseDirectory = _callerDirectory;
        if (_explicit.TryGetValue(name, out var v)) return v;
        baseDirectory = _profileDirectory ?? _callerDirectory;
        if (_profile.TryGetValue(name, out v)) return v;
        baseDirectory = _callerDirectory;
        var env = name.StartsWith("env:", StringComparison.Ordinal) ? _environment(name[4..]) : _environment(name);
        if (env is not null) return env;
        baseDirectory = null;
        return _defaults.TryGetValue(name, out v) ? v : null;
    }

    /// <summary>
    /// The folder a relative path in <paramref name="text"/> (before substitution) resolves against when it is not the
    /// checklist's: the caller's when the text begins with a caller-supplied variable (also through a default such as
    /// <c>envFile: ${repo}/.env</c>), null when the text begins with anything written in the checklist.
    /// </summary>
    public string? BaseDirectoryOf(string text)
    {
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            var m = Reference().Match(text);
            if (!m.Success || m.Index != 0 || m.Groups["escape"].Success) return null;
            var value = Lookup(m.Groups["name"].Value, out var baseDirectory);
            if (value is null) return null;
            if (baseDirectory is not null) return baseDirectory;
            text = value;
        }
        return null;
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
