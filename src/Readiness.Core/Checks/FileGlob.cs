using Microsoft.Extensions.FileSystemGlobbing;

namespace Readiness.Core.Checks;

/// <summary>Expands globs (<c>*</c> within a name, <c>**</c> for any folders) relative to a base folder.</summary>
public static class FileGlob
{
    public static IReadOnlyList<string> Expand(string baseDirectory, string pattern)
    {
        var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDirectory, pattern);
        if (!full.Contains('*')) return File.Exists(full) ? new[] { Path.GetFullPath(full) } : Array.Empty<string>();
        // The matcher walks from a folder; the fixed folders before the first wildcard are that folder.
        var segments = full.Replace('\\', '/').Split('/');
        var firstWild = Array.FindIndex(segments, s => s.Contains('*'));
        var root = string.Join('/', segments.Take(firstWild));
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return Array.Empty<string>();
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments.Skip(firstWild)));
        return matcher.GetResultsInFullPath(root).Select(Path.GetFullPath).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }
}
