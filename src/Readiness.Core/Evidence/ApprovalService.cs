using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Core.Evidence;

/// <summary>What a front end needs to record one attestation (Approve-ReadinessItem, `readiness attest`).</summary>
public sealed class ApprovalRequest
{
    public string ItemId { get; set; } = "";
    public string By { get; set; } = "";
    public string? Note { get; set; }
    /// <summary>The checklist the item belongs to: validates the id and locates the default evidence file.</summary>
    public Checklist? Checklist { get; set; }
    /// <summary>Explicit evidence file; wins over the checklist's default location.</summary>
    public string? EvidencePath { get; set; }
}

public static class ApprovalService
{
    /// <summary>Where the attestation will be written; throws when neither a checklist file nor a path is known.</summary>
    public static string EvidencePathFor(ApprovalRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.EvidencePath)) return Path.GetFullPath(request.EvidencePath);
        if (request.Checklist?.Path is { } checklistPath) return AttestationStore.DefaultPathFor(checklistPath);
        throw new ArgumentException("Name the evidence file (-EvidencePath/--evidence) or the checklist file (-Checklist) the attestation belongs to.");
    }

    /// <summary>Checks the item exists and is a manual item before anything is written.</summary>
    public static void Validate(ApprovalRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ItemId)) throw new ArgumentException("An attestation needs the item id.");
        if (string.IsNullOrWhiteSpace(request.By)) throw new ArgumentException("An attestation needs the name of who attests (-By/--by).");
        if (request.Checklist is not { } checklist) return;
        var item = checklist.Items.FirstOrDefault(i => string.Equals(i.Id, request.ItemId, StringComparison.OrdinalIgnoreCase));
        if (item is null)
        {
            var manual = checklist.Items.Where(i => i.Manual is not null).Select(i => i.Id).Take(8).ToList();
            throw new ChecklistSelectionException(
                $"Item '{request.ItemId}' is not in checklist '{checklist.Name}'; manual items are: {(manual.Count == 0 ? "none" : string.Join(", ", manual))}.");
        }
        if (item.Manual is null)
            throw new ChecklistSelectionException(
                $"Item '{item.Id}' is decided by its '{item.CheckType}' check, not by a person; only manual items can be attested.");
    }

    public static Attestation Approve(ApprovalRequest request)
    {
        Validate(request);
        var id = request.Checklist?.Items.First(i => string.Equals(i.Id, request.ItemId, StringComparison.OrdinalIgnoreCase)).Id ?? request.ItemId;
        return new AttestationStore(EvidencePathFor(request)).Append(id, request.By, request.Note);
    }
}

public static class ApprovalChecklist
{
    /// <summary>
    /// Loads a checklist only to validate item ids and find its evidence file: attesting a manual item must not
    /// require the variables its automated checks use, so every undefined variable reads as empty here.
    /// </summary>
    public static Checklist Load(string path) => ReadinessSession.Load(path, environment: _ => "");
}
