using System.Globalization;

namespace Readiness.Core.Reporting;

/// <summary>
/// GitHub code scanning's <c>primaryLocationLineHash</c>, computed the way github/codeql-action's upload computes it
/// (src/fingerprints.ts) when a SARIF file lacks one, so alerts match across uploads and the value agrees with what
/// upload-sarif would have added: for each line, a polynomial hash (base 37, 64-bit wrap-around) of the 100 characters
/// that start at the line, spaces and tabs left out and CR, LF and CRLF all read as one LF; the end of the file is a
/// character 65535 followed by zeros. The value is "hex:n", n counting earlier lines with the same hash. It reveals
/// nothing the 64-bit hash of a window could not; the SARIF never carries the line itself.
/// </summary>
public static class LineHash
{
    private const int Window = 100;
    private const ulong Base = 37;
    private const char EndOfFile = '\uffff';

    /// <summary>The hash of every line of <paramref name="text"/>, index 0 for line 1.</summary>
    public static IReadOnlyList<string> OfLines(string text)
    {
        // The characters that count, and for each the line it starts (0 when it starts none).
        var chars = new List<char>(text.Length + 1);
        var starts = new List<int>(text.Length + 1);
        var line = 0;
        var atLineStart = true;
        var afterCr = false;
        foreach (var c0 in text.Append(EndOfFile))
        {
            var c = c0;
            if (c == ' ' || c == '\t' || (afterCr && c == '\n'))
            {
                afterCr = false;
                continue;
            }
            afterCr = c == '\r';
            if (afterCr) c = '\n';
            starts.Add(atLineStart ? ++line : 0);
            atLineStart = c == '\n';
            chars.Add(c);
        }

        var hashes = new List<string>(line);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < chars.Count; i++)
        {
            if (starts[i] == 0) continue;
            ulong hash = 0;
            for (var k = 0; k < Window; k++)
                hash = unchecked(hash * Base + (i + k < chars.Count ? chars[i + k] : 0u));
            var hex = hash.ToString("x", CultureInfo.InvariantCulture);
            seen[hex] = seen.GetValueOrDefault(hex) + 1;
            hashes.Add($"{hex}:{seen[hex]}");
        }
        return hashes;
    }

    /// <summary>The hash of line <paramref name="line"/> (1-based) of a file, or null when the file or line is not there.</summary>
    public static string? Of(string path, int line) =>
        OfFile(path) is { } hashes && line >= 1 && line <= hashes.Count ? hashes[line - 1] : null;

    /// <summary>The hash of every line of a file, or null when it cannot be read.</summary>
    public static IReadOnlyList<string>? OfFile(string path)
    {
        string text;
        try
        {
            // GetString keeps a byte order mark as U+FEFF, as the upload's UTF-8 reader does.
            text = new System.Text.UTF8Encoding(false).GetString(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        return OfLines(text);
    }
}
