using System.Text.RegularExpressions;

namespace Readiness.Core.Running;

/// <summary>
/// Which items -Section/--section and -Id/--id pick, the same for the cmdlets and the CLI. A section is named by its
/// full name, a wildcard (<c>Signing*</c>), its number (<c>9.1</c>, or <c>9</c> for 9.1, 9.2, ... but not 10.1), or its
/// name without the number (<c>Backups</c> for "9.1 Backups"), all case-insensitive. Ids take wildcards too.
/// </summary>
public static partial class ItemSelection
{
    public static List<ChecklistItem> Select(Checklist checklist, RunOptions options)
    {
        var items = checklist.Items.Where(i =>
                (options.Sections.Count == 0 || options.Sections.Any(s => SectionMatches(s, i.Section)))
                && (options.Ids.Count == 0 || options.Ids.Any(p => IdMatches(p, i.Id))))
            .ToList();
        if (items.Count == 0) throw new ChecklistSelectionException(NothingSelected(checklist, options));
        return items;
    }

    /// <summary>Section names in checklist order, for completion and messages.</summary>
    public static IReadOnlyList<string> Sections(Checklist checklist) =>
        checklist.Items.Select(i => i.Section).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static bool SectionMatches(string pattern, string section)
    {
        pattern = pattern.Trim();
        if (pattern.Length == 0) return false;
        if (string.Equals(pattern, section, StringComparison.OrdinalIgnoreCase)) return true;
        if (IsWildcard(pattern)) return Glob(pattern).IsMatch(section);
        var numbered = Numbered().Match(section);
        if (!numbered.Success) return false;
        var number = numbered.Groups["number"].Value.TrimEnd('.');
        if (NumberOnly().IsMatch(pattern))
        {
            var wanted = pattern.TrimEnd('.');
            return number == wanted || number.StartsWith(wanted + ".", StringComparison.Ordinal);
        }
        return string.Equals(pattern, numbered.Groups["name"].Value, StringComparison.OrdinalIgnoreCase);
    }

    public static bool IdMatches(string pattern, string id) =>
        IsWildcard(pattern) ? Glob(pattern).IsMatch(id) : string.Equals(pattern, id, StringComparison.OrdinalIgnoreCase);

    private static string NothingSelected(Checklist checklist, RunOptions options)
    {
        var sections = Sections(checklist);
        if (options.Sections.Count > 0 && !checklist.Items.Any(i => options.Sections.Any(s => SectionMatches(s, i.Section))))
            return $"No section of checklist '{checklist.Name}' matches {Quote(options.Sections)}. Its sections: {string.Join(", ", sections.Select(s => $"'{s}'"))}.";
        var scope = options.Sections.Count > 0 ? $" in section {Quote(options.Sections)}" : "";
        return $"No item of checklist '{checklist.Name}'{scope} has the id {Quote(options.Ids)}. " +
               $"Its ids start with: {string.Join(", ", checklist.Items.Select(i => i.Id.Split('.')[0] + ".*").Distinct())}.";
    }

    private static string Quote(IEnumerable<string> values) => string.Join(" or ", values.Select(v => $"'{v}'"));

    private static bool IsWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

    /// <summary>PowerShell's wildcard language (* ? [a-z]) without System.Management.Automation, which Core must not load.</summary>
    private static Regex Glob(string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*': regex.Append(".*"); break;
                case '?': regex.Append('.'); break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0) { regex.Append(@"\["); break; }
                    regex.Append('[').Append(pattern[(i + 1)..close].Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)*\.?)\s+(?<name>.+)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^\d+(\.\d+)*\.?$")]
    private static partial Regex NumberOnly();
}
