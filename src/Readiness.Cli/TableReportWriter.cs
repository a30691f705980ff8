using Spectre.Console;
using Spectre.Console.Rendering;
using Readiness.Core.Reporting;

namespace Readiness.Cli;

/// <summary>
/// The CLI's console table (Spectre.Console, which only the CLI ships; pwsh has its format views): the decision first, then Status, Id and Message, the columns an on-call engineer needs first.
/// </summary>
public sealed class TableReportWriter : IReportWriter
{
    public string Format => "table";
    public string Extension => ".txt";

    /// <summary>Adds evidence and remediation under each result (-Detailed / --verbose).</summary>
    public bool Detailed { get; init; }
    public bool Color { get; init; }
    /// <summary>Columns to fit, normally the terminal's; <see cref="DefaultWidth"/> when output is not a terminal.</summary>
    public int? Width { get; init; }

    /// <summary>For pipes, files and CI logs, which do not wrap: wide enough that a message and its id stay on one line for grep.</summary>
    public const int DefaultWidth = 160;

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(40, Width ?? DefaultWidth);

        var table = new Table().Border(TableBorder.Simple).Expand();
        // Status and severity never wrap; the message takes what the terminal leaves, so rows stay readable at 80 columns.
        table.AddColumn(new TableColumn("Status").NoWrap());
        table.AddColumn(new TableColumn("Sev").NoWrap());
        table.AddColumn("Id");
        table.AddColumn("Message");
        foreach (var r in report.Results)
        {
            IRenderable message = new Markup(Markup.Escape(r.Message));
            if (Detailed)
            {
                var lines = r.Evidence.Select(kv => $"[grey]{Markup.Escape(kv.Key)}[/]={Markup.Escape(kv.Value)}").ToList();
                if (!string.IsNullOrWhiteSpace(r.Remediation)) lines.Add($"[grey]fix:[/] {Markup.Escape(r.Remediation)}");
                if (lines.Count > 0) message = new Rows(message, new Markup(string.Join("\n", lines)));
            }
            table.AddRow(new Markup($"[{StatusColor(r.Status)}]{r.Status}[/]"), new Text(r.Severity.ToString()), new Text(r.Id), message);
        }
        console.Write(table);
        var counts = string.Join("  ", report.Counts.ByStatus().Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}"));
        console.MarkupLine($"{Markup.Escape(report.ChecklistTitle ?? report.ChecklistName)}  {Markup.Escape(counts)}  ({report.Duration.TotalSeconds:0.0} s)");
        if (ReportView.AsOfLine(report) is { } asOf) console.MarkupLine($"[yellow]{Markup.Escape(asOf)}[/]");
        console.MarkupLine($"[bold {DecisionColor(report.Decision)}]Decision: {report.Decision}[/]  {Markup.Escape(report.DecisionReason)}");
    }

    public static string StatusColor(CheckStatus s) => s switch
    {
        CheckStatus.Passed or CheckStatus.Attested => "green",
        _ when s.IsProblem() => "red",
        CheckStatus.Warning or CheckStatus.Waived => "yellow",
        CheckStatus.Manual => "blue",
        _ => "grey",
    };

    private static string DecisionColor(Decision d) => d switch { Decision.Go => "green", Decision.NoGo => "red", _ => "yellow" };
}
