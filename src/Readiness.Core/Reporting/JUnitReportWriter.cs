using System.Globalization;
using System.Text;
using System.Xml;

namespace Readiness.Core.Reporting;

/// <summary>
/// JUnit XML valid against the Ant JUnit schema (windyroad/JUnit-Schema JUnit.xsd), which Azure DevOps
/// PublishTestResults (JUnit), Jenkins and the GitHub test reporters (dorny/test-reporter java-junit,
/// mikepenz/action-junit-report) read: a bare testsuites &gt; testsuite per section (properties first, system-out and
/// system-err last) &gt; testcase per item with at most one failure, error or skipped. Failed is a failure, Error an
/// error; Warning, Manual, Skipped and Waived are skipped with their status in the message, so a Warning is counted
/// and shown instead of passing silently, without failing a run the decision lets through. Everything else the
/// schema has no place for on a testcase (file, line, severity) is a suite property named after the item.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    public string Format => "junit";
    public string Extension => ".xml";

    /// <summary>Where file properties are relative to; detected from the report and the environment when null.</summary>
    public RepositoryPaths? Paths { get; init; }

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var paths = Paths ?? RepositoryPaths.Detect(report);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(writer, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");

        var sections = ReportView.Sections(report);
        for (var i = 0; i < sections.Count; i++)
        {
            var (section, items) = sections[i];
            // One test case per finding where a check reports several (each secret found), duplicates merged.
            var cases = ReportFindings.Of(items);
            var results = cases.Select(c => c.Result).ToList();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Clean(section));
            xml.WriteAttributeString("package", Clean(report.ChecklistName.Length > 0 ? report.ChecklistName : "readiness"));
            xml.WriteAttributeString("id", i.ToString(CultureInfo.InvariantCulture));
            WriteCounts(xml, results);
            xml.WriteAttributeString("time", ReportView.Seconds(TimeSpan.FromTicks(results.Sum(r => r.Duration.Ticks))));
            // The schema wants a local time without offset; Azure DevOps reads it as the suite start.
            xml.WriteAttributeString("timestamp", report.StartTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("hostname", "localhost");

            xml.WriteStartElement("properties");
            Property(xml, "decision", report.Decision.ToString());
            Property(xml, "decisionReason", report.DecisionReason);
            Property(xml, "checklist", report.ChecklistName);
            if (report.ChecklistVersion is not null) Property(xml, "checklistVersion", report.ChecklistVersion);
            if (report.Target is not null) Property(xml, "target", report.Target);
            Property(xml, "toolVersion", report.ToolVersion);
            foreach (var r in results)
            {
                Property(xml, $"{r.Id}.status", r.Status.ToString());
                Property(xml, $"{r.Id}.severity", r.Severity.ToString());
                if (!string.IsNullOrEmpty(r.File)) Property(xml, $"{r.Id}.file", paths.Of(r.File));
                if (r.Line is { } line) Property(xml, $"{r.Id}.line", line.ToString(CultureInfo.InvariantCulture));
            }
            xml.WriteEndElement();

            foreach (var c in cases) WriteCase(xml, report, section, c, paths);
            xml.WriteElementString("system-out", Clean($"{report.Decision}: {report.DecisionReason}"));
            xml.WriteElementString("system-err", "");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCase(XmlWriter xml, ReadinessReport report, string section, ReportFindings.Distinct c, RepositoryPaths paths)
    {
        var r = c.Result;
        var where = c.IsFinding && !string.IsNullOrEmpty(r.File) ? $" at {paths.Of(r.File)}{(r.Line is { } l ? $":{l}" : "")}" : "";
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Clean($"{r.Id}: {r.Title}{where}"));
        xml.WriteAttributeString("classname", Clean($"{report.ChecklistName}.{section}"));
        xml.WriteAttributeString("time", ReportView.Seconds(r.Duration));
        switch (Outcome(r.Status))
        {
            case "failure":
            case "error":
                xml.WriteStartElement(Outcome(r.Status)!);
                xml.WriteAttributeString("message", Clean(r.Message));
                xml.WriteAttributeString("type", $"{r.Status} ({r.Severity})");
                xml.WriteString(Clean(Details(r, paths)));
                xml.WriteEndElement();
                break;
            case "skipped":
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Clean($"{r.Status} [{r.Severity}]: {r.Message}"));
                xml.WriteEndElement();
                break;
        }
        xml.WriteEndElement();
    }

    /// <summary>The JUnit element a status becomes, or null when the test case passes.</summary>
    public static string? Outcome(CheckStatus status) => status switch
    {
        CheckStatus.Failed => "failure",
        CheckStatus.Error => "error",
        CheckStatus.Warning or CheckStatus.Manual or CheckStatus.Skipped or CheckStatus.Waived => "skipped",
        _ => null,
    };

    private static void WriteCounts(XmlWriter xml, IReadOnlyCollection<CheckResult> results)
    {
        int Count(string outcome) => results.Count(r => Outcome(r.Status) == outcome);
        xml.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", Count("failure").ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", Count("error").ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", Count("skipped").ToString(CultureInfo.InvariantCulture));
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    private static string Details(CheckResult r, RepositoryPaths paths)
    {
        var sb = new StringBuilder(r.Message);
        if (!string.IsNullOrEmpty(r.File)) sb.Append("\nFile: ").Append(paths.Of(r.File)).Append(r.Line is { } l ? $":{l}" : "");
        if (!string.IsNullOrEmpty(r.Target)) sb.Append("\nTarget: ").Append(r.Target);
        foreach (var (k, v) in r.Evidence) sb.Append('\n').Append(k).Append(": ").Append(v);
        if (!string.IsNullOrWhiteSpace(r.Remediation)) sb.Append("\nRemediation: ").Append(r.Remediation);
        return sb.ToString();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters from command output), instead of failing the report.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))) return text; // the common case: nothing to drop
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else sb.Append('\uFFFD');
        }
        return sb.ToString();
    }
}
