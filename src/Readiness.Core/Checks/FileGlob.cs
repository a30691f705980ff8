using System.Text.RegularExpressions;

namespace Readiness.Core.Checks;

/// <summary>Expands simple globs (<c>*</c>, <c>?</c>, <c>**</c> for any folders) relative to a base folder.</summary>
public static class FileGlob
{
    public static IReadOnlyList<string> Expand(string baseDirectory, string pattern)
    {
        var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDirectory, pattern);
        if (!full.Contains('*') && !full.Contains('?')) return File.Exists(full) ? new[] { Path.GetFullPath(full) } : Array.Empty<string>();
        var segments = full.Replace('\\', '/').Split('/');
        var firstWild = Array.FindIndex(segments, s => s.Contains('*') || s.Contains('?'));
        var root = string.Join('/', segments.Take(firstWild));
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return Array.Empty<string>();
        var regex = new Regex("^" + ToRegex(segments.Skip(firstWild).ToList()) + "$");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => regex.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Select(Path.GetFullPath).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static string ToRegex(IReadOnlyList<string> segments)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            if (segments[i] == "**") sb.Append(last ? ".*" : "(?:.*/)?");
            else
            {
                sb.Append(Regex.Escape(segments[i]).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]"));
                if (!last) sb.Append('/');
            }
        }
        return sb.ToString();
    }
}
