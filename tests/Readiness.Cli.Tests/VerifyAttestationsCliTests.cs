using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>verify-attestations sees a cut tail through the head a kept report recorded, or one given on the command line.</summary>
public sealed class VerifyAttestationsCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public VerifyAttestationsCliTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "c.yaml"), "schemaVersion: 1\nname: c\nitems:\n" + string.Concat(Enumerable.Range(1, 3).Select(i =>
            $"  - id: signoff-{i}\n    section: S\n    title: sign-off {i}\n    severity: high\n    manual: {{ approvers: [SRE] }}\n")));
        for (var i = 1; i <= 3; i++) Assert.Equal(0, CliRunner.Invoke(_dir, "attest", $"signoff-{i}", "--by", "Ana", "--checklist", "c.yaml").ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private string Evidence => Path.Combine(_dir, "c.evidence.jsonl");

    [Fact]
    public void A_deleted_last_line_exits_1_against_the_report_beside_the_file_and_against_an_expected_head()
    {
        var run = CliRunner.Invoke(_dir, "run", "c.yaml", "--format", "json", "--output", "c.report.json");
        Assert.Equal(0, run.ExitCode);
        var head = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "c.report.json")))!["attestationChain"]!;
        var expected = $"{(int)head["entries"]!}:{(string)head["lastHash"]!}";
        Assert.Equal(0, CliRunner.Invoke(_dir, "verify-attestations", "--checklist", "c.yaml", "--expected-head", expected).ExitCode);

        File.WriteAllLines(Evidence, File.ReadAllLines(Evidence).Take(2));
        var beside = CliRunner.Invoke(_dir, "verify-attestations", "--checklist", "c.yaml");
        Assert.Equal(1, beside.ExitCode);
        Assert.Contains("has 2 entries, but a report recorded 3 entries", beside.Err);

        File.Delete(Path.Combine(_dir, "c.report.json"));
        Assert.Equal(0, CliRunner.Invoke(_dir, "verify-attestations", "--checklist", "c.yaml").ExitCode);
        var given = CliRunner.Invoke(_dir, "verify-attestations", "--checklist", "c.yaml", "--expected-head", expected);
        Assert.Equal(1, given.ExitCode);
        Assert.Contains("entries were removed from the end", given.Err);
    }

    [Fact]
    public void A_malformed_expected_head_is_a_usage_error()
    {
        var run = CliRunner.Invoke(_dir, "verify-attestations", "--checklist", "c.yaml", "--expected-head", "three");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ENTRIES:HASH", run.Err);
    }
}
