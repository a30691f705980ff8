using Readiness.Core.Checks.Coverage;
using Readiness.Core.Checks.TestResults;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks;

/// <summary>Arbitrary report files give a result or the documented InvalidDataException, nothing else.</summary>
public sealed class ReportParserPropertyTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.xml");
    public void Dispose() { if (File.Exists(_file)) File.Delete(_file); }

    private static readonly string[] Seeds =
    {
        "<testsuites><testsuite><testcase name=\"a\"/></testsuite></testsuites>",
        "<test-run><test-case result=\"Passed\"/></test-run>",
        "<TestRun><Results><UnitTestResult outcome=\"Passed\"/></Results></TestRun>",
        "<coverage><packages><package name=\"p\"><classes><class><lines><line hits=\"1\" branch=\"true\" condition-coverage=\"50% (1/2)\"/></lines></class></classes></package></packages></coverage>",
        "TN:\nSF:a.cs\nLF:2\nLH:1\nend_of_record\n",
        "<CoverageSession><Modules><Module><ModuleName>m</ModuleName><Summary numSequencePoints=\"2\" visitedSequencePoints=\"1\"/></Module></Modules></CoverageSession>",
    };

    [Fact]
    public void Mutated_reports_never_throw_anything_but_InvalidDataException()
    {
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<int, int, string>((seed, cut, insert) =>
        {
            var text = Seeds[Math.Abs(seed % Seeds.Length)];
            var at = Math.Abs(cut % (text.Length + 1));
            File.WriteAllText(_file, text[..at] + (insert ?? "") + text[at..]);
            try { TestReportReader.Read(_file); } catch (InvalidDataException) { }
            try { CoverageReader.Read(_file); } catch (InvalidDataException) { }
            return true;
        }));
    }
}
