using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Evidence;

public sealed class ApprovalServiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("readiness-approve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteChecklist()
    {
        var path = Path.Combine(_folder, "release.yaml");
        File.WriteAllText(path, """
            schemaVersion: 1
            name: release
            items:
              - id: config.mode
                section: Config
                title: MODE is production.
                severity: high
                check:
                  type: env
                  name: ${modeVariable}
              - id: signoff.sre
                section: Sign-off
                title: SRE sign-off.
                severity: high
                manual:
                  approvers: [SRE]
            """);
        return path;
    }

    [Fact]
    public void An_attestation_lands_beside_the_checklist_even_when_its_check_variables_are_undefined()
    {
        var checklist = ApprovalChecklist.Load(WriteChecklist()); // ${modeVariable} is defined nowhere
        var entry = ApprovalService.Approve(new ApprovalRequest { ItemId = "SIGNOFF.SRE", By = "SRE: Dana", Note = "ok", Checklist = checklist });
        Assert.Equal("signoff.sre", entry.ItemId);
        var store = new AttestationStore(Path.Combine(_folder, "release.evidence.jsonl"));
        Assert.True(store.Verify().IsValid);
        Assert.Equal("SRE: Dana", store.Latest()["signoff.sre"].By);
    }

    [Fact]
    public void An_unknown_id_is_refused_naming_the_manual_items_and_nothing_is_written()
    {
        var checklist = ApprovalChecklist.Load(WriteChecklist());
        var ex = Assert.Throws<ChecklistSelectionException>(() =>
            ApprovalService.Approve(new ApprovalRequest { ItemId = "signoff.typo", By = "Dana", Checklist = checklist }));
        Assert.Contains("signoff.sre", ex.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "release.evidence.jsonl")));
    }

    [Fact]
    public void An_automated_item_cannot_be_attested()
    {
        var checklist = ApprovalChecklist.Load(WriteChecklist());
        var ex = Assert.Throws<ChecklistSelectionException>(() =>
            ApprovalService.Approve(new ApprovalRequest { ItemId = "config.mode", By = "Dana", Checklist = checklist }));
        Assert.Contains("'env' check", ex.Message);
    }

    [Fact]
    public void Without_a_checklist_an_evidence_path_is_required()
    {
        Assert.Throws<ArgumentException>(() => ApprovalService.EvidencePathFor(new ApprovalRequest { ItemId = "a", By = "b" }));
        var path = Path.Combine(_folder, "custom.jsonl");
        var entry = ApprovalService.Approve(new ApprovalRequest { ItemId = "anything", By = "Dana", EvidencePath = path });
        Assert.Equal("anything", entry.ItemId);
        Assert.True(File.Exists(path));
    }
}
