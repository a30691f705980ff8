using System.Text.RegularExpressions;

namespace Readiness.Core.Checks;

/// <summary>
/// Wildcards over names that are not paths (environment variables, git tags): <c>*</c> any run of characters,
/// <c>?</c> one character, case-sensitive. Paths go through <see cref="FileGlob"/>, where <c>*</c> stops at a slash.
/// </summary>
public static class NameWildcard
{
    public static Regex ToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
}
