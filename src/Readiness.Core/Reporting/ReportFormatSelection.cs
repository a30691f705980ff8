namespace Readiness.Core.Reporting;

/// <summary>Chooses the output format: the one named, else the one whose file extension the target has, else JSON.</summary>
public static class ReportFormatSelection
{
    public const string Fallback = "json";

    public static string Choose(string? format, string? path)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            ReportWriters.Get(format); // throws with the allowed formats when unknown
            return format.ToLowerInvariant();
        }
        if (!string.IsNullOrWhiteSpace(path))
        {
            var ext = Path.GetExtension(path);
            var byExtension = ReportWriters.Formats.Select(ReportWriters.Get)
                .Where(w => string.Equals(w.Extension, ext, StringComparison.OrdinalIgnoreCase))
                .Select(w => w.Format).ToList();
            // Several writers may share an extension (.xml: junit; .md: markdown, github summary); only an unambiguous one is inferred.
            if (byExtension.Count == 1) return byExtension[0];
            if (byExtension.Count > 1)
                throw new ArgumentException($"The extension '{ext}' fits several formats ({string.Join(", ", byExtension)}); name one with -Format/--format.");
        }
        return Fallback;
    }
}
