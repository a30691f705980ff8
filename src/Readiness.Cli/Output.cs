using Readiness.Core.Reporting;

namespace Readiness.Cli;

public static class Output
{
    public static void Write(ReadinessReport report, string format, string? path, bool verbose)
    {
        if (format.Equals("table", StringComparison.OrdinalIgnoreCase) && path is null)
        {
            new TableReportWriter { Detailed = verbose, Color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null }
                .Write(report, Console.Out);
            return;
        }
        if (path is null) ReportWriters.Get(format).Write(report, Console.Out);
        else
        {
            ReportWriters.WriteFile(report, format, path);
            Console.Error.WriteLine($"readiness: {report.Decision} — wrote {format} report to {path}");
        }
    }
}
