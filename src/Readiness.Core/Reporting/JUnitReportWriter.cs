using System.Globalization;
using System.Text;
using System.Xml;

namespace Readiness.Core.Reporting;

/// <summary>
/// JUnit XML as Azure DevOps PublishTestResults (JUnit) and GitHub test reporters (dorny/test-reporter java-junit,
/// mikepenz/action-junit-report) read it: testsuites &gt; testsuite per section &gt; testcase per item.
/// Failed is a failure, Error an error, Manual/Skipped/Waived are skipped (they do not fail the test run; the
/// decision does); Passed, Attested and Warning pass, a Warning carrying its message in system-out.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    public string Format => "junit";
    public string Extension => ".xml";

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(writer, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", Clean(ReportView.Title(report)));
        WriteCounts(xml, report.Results);
        xml.WriteAttributeString("time", ReportView.Seconds(report.Duration));

        var sections = ReportView.Sections(report);
        for (var i = 0; i < sections.Count; i++)
        {
            var (section, results) = sections[i];
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Clean(section));
            xml.WriteAttributeString("id", i.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("package", Clean(report.ChecklistName));
            WriteCounts(xml, results);
            xml.WriteAttributeString("time", ReportView.Seconds(TimeSpan.FromTicks(results.Sum(r => r.Duration.Ticks))));
            // The JUnit XSD wants a local time without offset; Azure DevOps reads it as the suite start.
            xml.WriteAttributeString("timestamp", report.StartTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("hostname", "localhost");

            xml.WriteStartElement("properties");
            Property(xml, "decision", report.Decision.ToString());
            Property(xml, "decisionReason", report.DecisionReason);
            Property(xml, "checklist", report.ChecklistName);
            if (report.ChecklistVersion is not null) Property(xml, "checklistVersion", report.ChecklistVersion);
            if (report.Target is not null) Property(xml, "target", report.Target);
            Property(xml, "toolVersion", report.ToolVersion);
            xml.WriteEndElement();

            foreach (var r in results) WriteCase(xml, report, section, r);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCase(XmlWriter xml, ReadinessReport report, string section, CheckResult r)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Clean($"{r.Id}: {r.Title}"));
        xml.WriteAttributeString("classname", Clean($"{report.ChecklistName}.{section}"));
        xml.WriteAttributeString("time", ReportView.Seconds(r.Duration));
        if (r.File is not null) xml.WriteAttributeString("file", Clean(r.File));
        if (r.Line is not null) xml.WriteAttributeString("line", r.Line.Value.ToString(CultureInfo.InvariantCulture));

        var details = Details(r);
        switch (Outcome(r.Status))
        {
            case "failure":
            case "error":
                xml.WriteStartElement(Outcome(r.Status)!);
                xml.WriteAttributeString("message", Clean(r.Message));
                xml.WriteAttributeString("type", $"{r.Status} ({r.Severity})");
                xml.WriteString(Clean(details));
                xml.WriteEndElement();
                break;
            case "skipped":
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Clean($"{r.Status}: {r.Message}"));
                xml.WriteEndElement();
                break;
        }
        xml.WriteElementString("system-out", Clean($"{r.Status} [{r.Severity}] {details}"));
        xml.WriteEndElement();
    }

    /// <summary>The JUnit element a status becomes, or null when the test case passes.</summary>
    public static string? Outcome(CheckStatus status) => status switch
    {
        CheckStatus.Failed => "failure",
        CheckStatus.Error => "error",
        CheckStatus.Manual or CheckStatus.Skipped or CheckStatus.Waived => "skipped",
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

    private static string Details(CheckResult r)
    {
        var sb = new StringBuilder(r.Message);
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
