using Readiness.Core.Reporting;

namespace Readiness.Cli;

public static class Output
{
    public static void Write(ReadinessReport report, string format, string? path, bool verbose, IReportWriter? writer = null)
    {
        WriteReport(report, format, path, verbose, writer ?? ReportWriters.Get(format));
        // On GitHub Actions / Azure DevOps: summary, annotations and task result, besides the requested format (Core
        // leaves out what that format already wrote). The commands go to standard output (stderr lines fail Azure
        // DevOps tasks with failOnStderr) unless standard output is carrying a machine-readable report.
        var commands = path is null && CiEnvironment.IsMachineReadable(format) ? Console.Error : Console.Out;
        foreach (var line in CiEnvironment.Detect().Publish(report, format, commands, path))
            Console.Error.WriteLine($"readiness: {line}");
    }

    private static void WriteReport(ReadinessReport report, string format, string? path, bool verbose, IReportWriter writer)
    {
        if (format.Equals("table", StringComparison.OrdinalIgnoreCase) && path is null)
        {
            new TableReportWriter
                {
                    Detailed = verbose, Color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null,
                    Width = TerminalWidth(),
                }
                .Write(report, Console.Out);
            return;
        }
        if (path is null) writer.Write(report, Console.Out);
        else
        {
            ReportWriters.WriteFile(report, writer, path);
            Console.Error.WriteLine($"readiness: {report.Decision} — wrote {format} report to {path}");
        }
    }

    /// <summary>The terminal's width, or COLUMNS when set; null (the writer's default) when standard output is not a terminal.</summary>
    private static int? TerminalWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0) return columns;
        if (Console.IsOutputRedirected) return null;
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : null; }
        catch (IOException) { return null; }
    }
}
