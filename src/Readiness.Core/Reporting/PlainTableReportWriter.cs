using System.Globalization;

namespace Readiness.Core.Reporting;

/// <summary>
/// The "table" format where no terminal renderer is at hand (a file, Export-ReadinessReport): Status, Severity, Id
/// and Message in plain fixed-width text, then the counts and the decision. The CLI registers its coloured console
/// table (Spectre.Console, which only the CLI ships) over this one.
/// </summary>
public sealed class PlainTableReportWriter : IReportWriter
{
    public string Format => "table";
    public string Extension => ".txt";

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var rows = report.Results.Select(r => (Status: r.Status.ToString(), Sev: r.Severity.ToString(), r.Id, r.Message)).ToList();
        var statusWidth = Math.Max("Status".Length, rows.Select(r => r.Status.Length).DefaultIfEmpty().Max());
        var sevWidth = Math.Max("Sev".Length, rows.Select(r => r.Sev.Length).DefaultIfEmpty().Max());
        var idWidth = Math.Max("Id".Length, rows.Select(r => r.Id.Length).DefaultIfEmpty().Max());
        string Line(string a, string b, string c, string d) => $"{a.PadRight(statusWidth)}  {b.PadRight(sevWidth)}  {c.PadRight(idWidth)}  {d}".TrimEnd();
        writer.WriteLine(Line("Status", "Sev", "Id", "Message"));
        writer.WriteLine(Line(new string('-', statusWidth), new string('-', sevWidth), new string('-', idWidth), "-------"));
        foreach (var r in rows) writer.WriteLine(Line(r.Status, r.Sev, r.Id, r.Message.ReplaceLineEndings(" ")));
        writer.WriteLine();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ReportView.Title(report)}  {ReportView.CountsLine(report)}  ({report.Duration.TotalSeconds:0.0} s)"));
        writer.WriteLine($"Decision: {report.Decision}  {report.DecisionReason}");
    }
}
