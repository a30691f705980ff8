namespace Readiness.Core.Reporting;

/// <summary>One output format. Adding a format is adding one class (listed in <see cref="ReportWriters"/>) and its tests.</summary>
public interface IReportWriter
{
    /// <summary>The name used by --format / -Format, lower-case.</summary>
    string Format { get; }
    /// <summary>Conventional file extension, with the dot.</summary>
    string Extension { get; }
    void Write(ReadinessReport report, TextWriter writer);
}

public static class ReportWriters
{
    private static readonly Dictionary<string, IReportWriter> All =
        BuiltIn().ToDictionary(w => w.Format, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The engine's writers, written out rather than found by reflection so a trimmed (Native AOT) build keeps them
    /// all. A new writer class goes here; ReportWriterListTests names any class that is missing.
    /// </summary>
    public static IReadOnlyList<IReportWriter> BuiltIn() =>
    [
        new AzureDevOpsReportWriter(),
        new GitHubReportWriter(),
        new HtmlReportWriter(),
        new JsonReportWriter(),
        new JUnitReportWriter(),
        new MarkdownReportWriter(),
        new PlainTableReportWriter(),
        new SarifReportWriter(),
    ];

    /// <summary>
    /// A front end's own writer for a format, in place of the engine's: the CLI's coloured console table needs
    /// Spectre.Console, which Core does not ship. Registered once at start-up, before any format is looked up.
    /// </summary>
    public static void Register(IReportWriter writer)
    {
        lock (All) All[writer.Format] = writer;
    }

    public static IReadOnlyCollection<string> Formats => All.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    public static IReportWriter Get(string format) =>
        All.TryGetValue(format, out var w) ? w : throw new ArgumentException($"Unknown format '{format}'. Allowed: {string.Join(", ", Formats)}.");

    public static string Render(ReadinessReport report, string format)
    {
        using var sw = new StringWriter();
        Get(format).Write(report, sw);
        return sw.ToString();
    }

    public static void WriteFile(ReadinessReport report, string format, string path) => WriteFile(report, Get(format), path);

    /// <summary>Writes with a configured writer (e.g. an HtmlReportWriter with a trend), creating the folder.</summary>
    public static void WriteFile(ReadinessReport report, IReportWriter writer, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var stream = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        writer.Write(report, stream);
    }
}
