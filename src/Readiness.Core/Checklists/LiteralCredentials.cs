using System.Text.RegularExpressions;

namespace Readiness.Core.Checklists;

/// <summary>
/// Finds passwords written into connection strings and URLs. The checklist is copied verbatim into reports' sources
/// and evidence bundles, so a literal there is a leak; a <c>${variable}</c> reference is not.
/// </summary>
public static partial class LiteralCredentials
{
    /// <summary>Parameters whose value is a connection string or URL that could carry a password, by check type.</summary>
    private static readonly Dictionary<string, string[]> Guarded = new(StringComparer.Ordinal)
    {
        ["health"] = new[] { "postgres", "redis" },
    };

    public static bool IsGuarded(string checkType, string parameter) =>
        Guarded.TryGetValue(checkType, out var names) && names.Contains(parameter, StringComparer.Ordinal);

    /// <summary>The load error for a guarded parameter holding a literal password, or null.</summary>
    public static string? Problem(string checkType, string parameter, YamlDotNet.RepresentationModel.YamlNode value)
    {
        if (!IsGuarded(checkType, parameter) || value is not YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } text } || !Find(text).Any())
            return null;
        return $"parameter '{parameter}' of check type '{checkType}' contains a literal password, and the checklist is copied into " +
               "reports and evidence bundles. Use a variable: set passwordEnv to the environment variable holding it (or write Password=${DB_PASSWORD}).";
    }

    /// <summary>The literal passwords in <paramref name="text"/>, variable references excluded.</summary>
    public static IEnumerable<string> Find(string text)
    {
        foreach (Match m in KeywordPassword().Matches(text))
            if (IsLiteral(m.Groups["value"].Value)) yield return m.Groups["value"].Value.Trim('"', '\'');
        foreach (Match m in UrlPassword().Matches(text))
            if (IsLiteral(m.Groups["value"].Value)) yield return Uri.UnescapeDataString(m.Groups["value"].Value);
    }

    private static bool IsLiteral(string value)
    {
        var v = value.Trim().Trim('"', '\'');
        return v.Length > 0 && !VariableOnly().IsMatch(v);
    }

    [GeneratedRegex(@"(?<![\w$])(?:password|pwd)\s*=\s*(?<value>""[^""]*""|'[^']*'|[^;\s""']+)", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.\-]*://[^:/@\s]*:(?<value>[^@/\s]+)@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"^(\$\{[^}]+\})+$")]
    private static partial Regex VariableOnly();
}
