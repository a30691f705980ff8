using System.Xml;
using System.Xml.Linq;

namespace Readiness.Core.Checks.TestResults;

public enum TestOutcome { Passed, Failed, Error, Skipped }

public sealed record TestCaseResult(string Name, TestOutcome Outcome, string File);

/// <summary>Reads JUnit XML, NUnit 3 XML and Visual Studio TRX into one list of test cases.</summary>
public static class TestReportReader
{
    public static IReadOnlyList<TestCaseResult> Read(string path)
    {
        XDocument doc;
        try { doc = XDocument.Load(path, LoadOptions.SetLineInfo); }
        catch (XmlException ex) { throw new InvalidDataException($"{path}:{ex.LineNumber}:{ex.LinePosition}: not well-formed XML ({ex.Message})."); }
        var root = doc.Root ?? throw new InvalidDataException($"{path}: empty document.");
        var file = Path.GetFileName(path);
        return root.Name.LocalName switch
        {
            "TestRun" => Trx(root, file),
            "test-run" => NUnit(root, file),
            "testsuites" or "testsuite" => JUnit(root, file),
            _ => throw new InvalidDataException($"{path}: <{root.Name.LocalName}> is not a JUnit, NUnit 3 or TRX report."),
        };
    }

    private static IReadOnlyList<TestCaseResult> JUnit(XElement root, string file) =>
        root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase").Select(tc =>
        {
            var name = Join((string?)tc.Attribute("classname"), (string?)tc.Attribute("name"));
            var children = tc.Elements().Select(e => e.Name.LocalName).ToHashSet();
            var outcome = children.Contains("error") ? TestOutcome.Error
                : children.Contains("failure") ? TestOutcome.Failed
                : children.Contains("skipped") ? TestOutcome.Skipped
                : TestOutcome.Passed;
            return new TestCaseResult(name, outcome, file);
        }).ToList();

    private static IReadOnlyList<TestCaseResult> NUnit(XElement root, string file) =>
        root.Descendants().Where(e => e.Name.LocalName == "test-case").Select(tc =>
        {
            var result = (string?)tc.Attribute("result") ?? "";
            var label = (string?)tc.Attribute("label") ?? "";
            var outcome = result switch
            {
                "Passed" => TestOutcome.Passed,
                "Skipped" or "Inconclusive" => TestOutcome.Skipped,
                "Failed" when label is "Error" or "Cancelled" or "Invalid" => TestOutcome.Error,
                _ => TestOutcome.Failed,
            };
            return new TestCaseResult((string?)tc.Attribute("fullname") ?? (string?)tc.Attribute("name") ?? "", outcome, file);
        }).ToList();

    private static IReadOnlyList<TestCaseResult> Trx(XElement root, string file) =>
        root.Descendants().Where(e => e.Name.LocalName == "UnitTestResult").Select(r =>
        {
            var outcome = ((string?)r.Attribute("outcome") ?? "") switch
            {
                "Passed" => TestOutcome.Passed,
                "NotExecuted" or "Inconclusive" or "Pending" or "Disconnected" => TestOutcome.Skipped,
                "Error" or "Timeout" or "Aborted" => TestOutcome.Error,
                _ => TestOutcome.Failed,
            };
            return new TestCaseResult((string?)r.Attribute("testName") ?? "", outcome, file);
        }).ToList();

    private static string Join(string? a, string? b) => string.IsNullOrEmpty(a) ? b ?? "" : string.IsNullOrEmpty(b) ? a : $"{a}.{b}";
}
