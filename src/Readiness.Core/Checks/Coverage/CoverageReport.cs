using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Readiness.Core.Checks.Coverage;

/// <summary>Covered and total lines (and branches where the format has them), overall and per package.</summary>
public sealed class CoverageSummary
{
    public long LinesCovered { get; set; }
    public long LinesTotal { get; set; }
    public long BranchesCovered { get; set; }
    public long BranchesTotal { get; set; }
    public Dictionary<string, (long Covered, long Total)> Packages { get; } = new(StringComparer.Ordinal);

    public double? LineRate => LinesTotal == 0 ? null : (double)LinesCovered / LinesTotal;
    public double? BranchRate => BranchesTotal == 0 ? null : (double)BranchesCovered / BranchesTotal;

    public void Add(CoverageSummary other)
    {
        LinesCovered += other.LinesCovered; LinesTotal += other.LinesTotal;
        BranchesCovered += other.BranchesCovered; BranchesTotal += other.BranchesTotal;
        foreach (var (name, (c, t)) in other.Packages)
        {
            var (c0, t0) = Packages.GetValueOrDefault(name);
            Packages[name] = (c0 + c, t0 + t);
        }
    }
}

/// <summary>Reads Cobertura XML (coverlet, coverage.py, JaCoCo converters), lcov tracefiles and OpenCover XML.</summary>
public static class CoverageReader
{
    public static CoverageSummary Read(string path)
    {
        var head = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.TrimStart() ?? "";
        if (head.StartsWith("TN:") || head.StartsWith("SF:")) return Lcov(path);
        XDocument doc;
        try { doc = XDocument.Load(path); }
        catch (XmlException ex) { throw new InvalidDataException($"{path}:{ex.LineNumber}:{ex.LinePosition}: not an lcov file nor well-formed XML ({ex.Message})."); }
        return doc.Root?.Name.LocalName switch
        {
            "coverage" => Cobertura(doc.Root!),
            "CoverageSession" => OpenCover(doc.Root!),
            var other => throw new InvalidDataException($"{path}: <{other}> is not a Cobertura or OpenCover report."),
        };
    }

    private static CoverageSummary Cobertura(XElement root)
    {
        var summary = new CoverageSummary();
        foreach (var package in root.Descendants("package"))
        {
            // Lines appear both under <class><lines> and under each <method>; count the class-level ones only.
            var lines = package.Elements("classes").Elements("class").Elements("lines").Elements("line").ToList();
            var covered = lines.LongCount(l => Long(l.Attribute("hits")) > 0);
            summary.Packages[(string?)package.Attribute("name") ?? "(default)"] = (covered, lines.Count);
            summary.LinesCovered += covered;
            summary.LinesTotal += lines.Count;
            foreach (var line in lines.Where(l => (string?)l.Attribute("branch") == "true"))
            {
                // condition-coverage="50% (1/2)"
                var cc = (string?)line.Attribute("condition-coverage") ?? "";
                var open = cc.IndexOf('('); var slash = cc.IndexOf('/'); var close = cc.IndexOf(')');
                if (open >= 0 && slash > open && close > slash
                    && long.TryParse(cc[(open + 1)..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var hit)
                    && long.TryParse(cc[(slash + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var all))
                {
                    summary.BranchesCovered += hit;
                    summary.BranchesTotal += all;
                }
            }
        }
        if (summary.LinesTotal == 0)
        {
            summary.LinesCovered = Long(root.Attribute("lines-covered"));
            summary.LinesTotal = Long(root.Attribute("lines-valid"));
            summary.BranchesCovered = Long(root.Attribute("branches-covered"));
            summary.BranchesTotal = Long(root.Attribute("branches-valid"));
        }
        return summary;
    }

    private static CoverageSummary OpenCover(XElement root)
    {
        var summary = new CoverageSummary();
        foreach (var module in root.Descendants("Module"))
        {
            // OpenCover proper has a module Summary; coverlet's OpenCover output only has one per class.
            var summaries = module.Element("Summary") is { } own ? new[] { own }
                : module.Descendants("Class").Select(c => c.Element("Summary")).OfType<XElement>().ToArray();
            if (summaries.Length == 0) continue;
            var covered = summaries.Sum(s => Long(s.Attribute("visitedSequencePoints")));
            var total = summaries.Sum(s => Long(s.Attribute("numSequencePoints")));
            var name = (string?)module.Element("ModuleName") ?? "(module)";
            var (c0, t0) = summary.Packages.GetValueOrDefault(name);
            summary.Packages[name] = (c0 + covered, t0 + total);
            summary.LinesCovered += covered;
            summary.LinesTotal += total;
            summary.BranchesCovered += summaries.Sum(s => Long(s.Attribute("visitedBranchPoints")));
            summary.BranchesTotal += summaries.Sum(s => Long(s.Attribute("numBranchPoints")));
        }
        return summary;
    }

    private static CoverageSummary Lcov(string path)
    {
        var summary = new CoverageSummary();
        string? file = null;
        long lf = 0, lh = 0;
        var lineNumber = 0;
        long Number(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new InvalidDataException($"{path}:{lineNumber}: '{text}' is not a count.");
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.StartsWith("SF:")) { file = line[3..]; lf = lh = 0; }
            else if (line.StartsWith("LF:")) lf = Number(line[3..]);
            else if (line.StartsWith("LH:")) lh = Number(line[3..]);
            else if (line.StartsWith("BRF:")) summary.BranchesTotal += Number(line[4..]);
            else if (line.StartsWith("BRH:")) summary.BranchesCovered += Number(line[4..]);
            else if (line == "end_of_record" && file is not null)
            {
                var package = Path.GetDirectoryName(file)?.Replace('\\', '/') is { Length: > 0 } dir ? dir : "(root)";
                var (c, t) = summary.Packages.GetValueOrDefault(package);
                summary.Packages[package] = (c + lh, t + lf);
                summary.LinesCovered += lh;
                summary.LinesTotal += lf;
                file = null;
            }
        }
        return summary;
    }

    private static long Long(XAttribute? a) => long.TryParse((string?)a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
