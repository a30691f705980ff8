using System.IO.Compression;
using Readiness.Core.Evidence;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Evidence;

/// <summary>A hash chain hides a cut tail; the head recorded in reports and bundles does not.</summary>
public sealed class ChainHeadTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();
    private readonly string _checklist;
    private readonly string _evidence;

    public ChainHeadTests()
    {
        _checklist = Path.Combine(_dir, "release.yaml");
        File.WriteAllText(_checklist, "schemaVersion: 1\nname: release\nitems:\n" + string.Concat(Enumerable.Range(1, 3).Select(i =>
            $"  - id: sign-off.{i}\n    section: S\n    title: Sign-off {i}\n    severity: high\n    manual: {{ approvers: [SRE] }}\n")));
        _evidence = AttestationStore.DefaultPathFor(_checklist);
        var checklist = ReadinessSession.Load(_checklist);
        for (var i = 1; i <= 3; i++) Attestations.Attest(checklist, $"sign-off.{i}", "Ana", $"signed {i}");
    }

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private Task<ReadinessReport> Run() =>
        ReadinessSession.RunAsync(new RunRequest { ChecklistPath = _checklist }, NullHost.Instance, CancellationToken.None);

    private async Task<ReadinessReport> RunAndKeepReport()
    {
        var report = await Run();
        File.WriteAllText(Path.Combine(_dir, "release.report.json"), ReportJson.Serialize(report));
        return report;
    }

    private void Cut(Func<string[], IEnumerable<string>> keep) =>
        File.WriteAllText(_evidence, string.Concat(keep(File.ReadAllLines(_evidence)).Select(l => l + "\n")));

    [Fact]
    public async Task A_report_records_the_chain_head_it_read()
    {
        var report = await Run();
        var head = report.AttestationChain!;
        Assert.Equal(3, head.Entries);
        Assert.Equal(new AttestationStore(_evidence).ReadAll()[^1].Hash, head.LastHash);
        Assert.Equal(Path.GetFullPath(_evidence), head.Path);
    }

    [Theory]
    [InlineData("last line deleted")]
    [InlineData("truncated to one entry")]
    [InlineData("emptied")]
    [InlineData("deleted")]
    public async Task A_cut_tail_is_tampering_against_the_report_kept_beside_the_file(string cut)
    {
        await RunAndKeepReport();
        Assert.True(new AttestationStore(_evidence).Verify().IsValid);
        switch (cut)
        {
            case "last line deleted": Cut(lines => lines.Take(2)); break;
            case "truncated to one entry": Cut(lines => lines.Take(1)); break;
            case "emptied": File.WriteAllText(_evidence, ""); break;
            default: File.Delete(_evidence); break;
        }
        var verification = GovernanceService.VerifyAttestations(_evidence, null);
        Assert.False(verification.IsValid, verification.Message);
        Assert.Contains("a report recorded 3 entries ending in", verification.Message);
        Assert.Contains("entries were removed", verification.Message);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(Run);
        Assert.Contains("entries were removed", ex.Message);
    }

    [Fact]
    public async Task An_explicit_expected_head_catches_a_cut_and_a_rewritten_chain()
    {
        var head = (await Run()).AttestationChain!.ToString();
        Assert.True(GovernanceService.VerifyAttestations(_evidence, head).IsValid);
        Cut(lines => lines.Take(2));
        var cut = GovernanceService.VerifyAttestations(_evidence, head);
        Assert.False(cut.IsValid);
        Assert.Contains("has 2 entries, but a report recorded 3", cut.Message);

        // Rebuilt with recomputed hashes: as long as before, but not the chain the report saw.
        Attestations.Attest(ReadinessSession.Load(_checklist), "sign-off.3", "Mallory", "signed 3");
        var rewritten = GovernanceService.VerifyAttestations(_evidence, head);
        Assert.False(rewritten.IsValid);
        Assert.Contains("entry 3 is not the head a report recorded", rewritten.Message);
        Assert.Throws<ArgumentException>(() => GovernanceService.VerifyAttestations(_evidence, "3:nothex"));
    }

    [Fact]
    public async Task A_bundle_records_the_head_and_a_bundle_made_from_a_cut_file_does_not_verify()
    {
        var report = await Run();
        var good = Path.Combine(_dir, "good.zip");
        await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(report, _checklist, _evidence, null), good, null, CancellationToken.None);
        using (var zip = ZipFile.OpenRead(good))
        {
            using var reader = new StreamReader(zip.GetEntry(EvidenceBundle.ManifestName)!.Open());
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(reader.ReadToEnd())!;
            Assert.Equal(3, (int)manifest["attestationChain"]!["entries"]!);
            Assert.Equal(report.AttestationChain!.LastHash, (string)manifest["attestationChain"]!["lastHash"]!);
        }
        Assert.True(EvidenceBundle.Verify(good).IsValid);
        Assert.True(EvidenceBundle.Verify(good, expectedHead: report.AttestationChain).IsValid);

        Cut(lines => lines.Take(1));
        var fromCut = Path.Combine(_dir, "cut.zip");
        await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(report, _checklist, _evidence, null), fromCut, null, CancellationToken.None);
        var verification = EvidenceBundle.Verify(fromCut);
        Assert.False(verification.IsValid);
        Assert.Contains(verification.Problems, p => p.Contains("entries were removed from the end") && p.Contains("report.json"));

        // A report produced after the cut agrees with the cut file; only the head kept elsewhere shows it.
        var later = await ReadinessSession.RunAsync(new RunRequest { ChecklistPath = _checklist }, NullHost.Instance, CancellationToken.None);
        var laterBundle = Path.Combine(_dir, "later.zip");
        await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(later, _checklist, _evidence, null), laterBundle, null, CancellationToken.None);
        Assert.True(EvidenceBundle.Verify(laterBundle).IsValid);
        var expected = GovernanceService.VerifyEvidence(laterBundle, null, false, report.AttestationChain.ToString());
        Assert.False(expected.IsValid);
        Assert.Contains(expected.Problems, p => p.Contains("but a report recorded 3 entries") && p.Contains("the expected head"));
    }
}
