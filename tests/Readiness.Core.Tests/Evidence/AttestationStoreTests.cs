using System.Text.Json;
using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Evidence;

public sealed class AttestationStoreTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private string EvidencePath => Path.Combine(_dir, "release.evidence.jsonl");

    private AttestationStore ThreeEntries()
    {
        var store = new AttestationStore(EvidencePath);
        store.Append("go-no-go.sign-off", "Ana (SRE)", "Reviewed dashboards and runbooks.");
        store.Append("security.api-keys-rotated", "Ben (AppSec)", "Rotated tenant and admin keys on 2026-11-21.");
        store.Append("signing.kms-key-policy", "Chen (Platform)", "Policy grants kms:Sign to the signer role only.");
        return store;
    }

    private void EditLines(Func<List<string>, List<string>> edit) =>
        File.WriteAllLines(EvidencePath, edit(File.ReadAllLines(EvidencePath).ToList()));

    [Fact]
    public void Appended_entries_verify_and_chain_to_each_other()
    {
        var store = ThreeEntries();
        var verification = store.Verify();
        Assert.True(verification.IsValid, verification.Message);
        Assert.Equal(3, verification.Entries);
        var all = store.ReadAll();
        Assert.Equal(AttestationStore.Genesis, all[0].PreviousHash);
        Assert.Equal(all[0].Hash, all[1].PreviousHash);
        Assert.Equal(all[1].Hash, all[2].PreviousHash);
        Assert.Equal("Ben (AppSec)", store.Latest()["security.api-keys-rotated"].By);
    }

    [Fact]
    public void An_edited_note_is_detected_naming_the_entry()
    {
        ThreeEntries();
        EditLines(lines => { lines[1] = lines[1].Replace("Rotated tenant", "Did not rotate tenant"); return lines; });
        var verification = new AttestationStore(EvidencePath).Verify();
        Assert.False(verification.IsValid);
        Assert.Equal(2, verification.Entries);
        Assert.Contains(":2: entry 2 (security.api-keys-rotated, attest by Ben (AppSec)", verification.Message);
        Assert.EndsWith("was modified after it was written.", verification.Message);
    }

    [Fact]
    public void An_edited_name_is_detected()
    {
        ThreeEntries();
        EditLines(lines => { lines[0] = lines[0].Replace("Ana (SRE)", "Zoe (SRE)"); return lines; });
        Assert.Contains("entry 1 (go-no-go.sign-off, attest by Zoe (SRE)", new AttestationStore(EvidencePath).Verify().Message);
    }

    [Fact]
    public void A_deleted_line_is_detected_at_the_entry_that_follows_it()
    {
        ThreeEntries();
        EditLines(lines => { lines.RemoveAt(1); return lines; });
        var verification = new AttestationStore(EvidencePath).Verify();
        Assert.False(verification.IsValid);
        Assert.Contains("entry 2 (signing.kms-key-policy", verification.Message);
        Assert.Contains("does not follow entry 1: an entry was removed, inserted or reordered.", verification.Message);
    }

    [Fact]
    public void A_deleted_first_line_is_detected()
    {
        ThreeEntries();
        EditLines(lines => lines.Skip(1).ToList());
        Assert.Contains("entry 1 (security.api-keys-rotated", new AttestationStore(EvidencePath).Verify().Message);
        Assert.Contains("an earlier entry was removed", new AttestationStore(EvidencePath).Verify().Message);
    }

    [Fact]
    public void Reordered_lines_are_detected()
    {
        ThreeEntries();
        EditLines(lines => new List<string> { lines[0], lines[2], lines[1] });
        var verification = new AttestationStore(EvidencePath).Verify();
        Assert.False(verification.IsValid);
        Assert.Contains("entry 2 (signing.kms-key-policy", verification.Message);
    }

    [Fact]
    public void Moving_text_from_the_note_into_the_expiry_changes_the_hash()
    {
        var store = new AttestationStore(EvidencePath);
        var expiry = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        store.Append("a.b", "Ana", "fine\n" + expiry.ToString("o"));
        EditLines(lines =>
        {
            var entry = JsonSerializer.Deserialize<Attestation>(lines[0], Readiness.Core.Reporting.ReportJson.Compact)!;
            entry.Note = "fine";
            entry.Expires = expiry;
            return new List<string> { JsonSerializer.Serialize(entry, Readiness.Core.Reporting.ReportJson.Compact) };
        });
        Assert.False(new AttestationStore(EvidencePath).Verify().IsValid);
    }

    [Fact]
    public void A_line_that_is_not_json_is_reported_with_its_line_number()
    {
        ThreeEntries();
        EditLines(lines => { lines.Insert(2, "{ oops"); return lines; });
        var verification = new AttestationStore(EvidencePath).Verify();
        Assert.False(verification.IsValid);
        Assert.Contains("release.evidence.jsonl:3: not an attestation entry", verification.Message);
    }

    [Fact]
    public void Appending_to_a_tampered_file_is_refused()
    {
        var store = ThreeEntries();
        EditLines(lines => { lines.RemoveAt(0); return lines; });
        var ex = Assert.Throws<InvalidDataException>(() => store.Append("a.b", "Ana", "x"));
        Assert.Contains("entry 1", ex.Message);
        Assert.Equal(2, File.ReadAllLines(EvidencePath).Length);
    }

    [Fact]
    public void A_file_whose_last_newline_was_removed_by_hand_still_takes_a_new_entry()
    {
        var store = ThreeEntries();
        File.WriteAllText(EvidencePath, File.ReadAllText(EvidencePath).TrimEnd('\n'));
        store.Append("a.b", "Ana", "after a hand edit");
        Assert.True(store.Verify().IsValid, store.Verify().Message);
        Assert.Equal(4, store.ReadAll().Count);
    }

    [Fact]
    public async Task Concurrent_appends_keep_one_unbroken_chain()
    {
        // Two CI jobs attesting at once: without the exclusive lock both read the same last hash and fork the chain.
        const int writers = 4, each = 40;
        using var start = new Barrier(writers);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(() =>
        {
            var store = new AttestationStore(EvidencePath);
            start.SignalAndWait();
            for (var i = 0; i < each; i++) store.Append($"item.w{w}-{i}", $"writer {w}", null);
        }, TaskCreationOptions.LongRunning)));
        var verification = new AttestationStore(EvidencePath).Verify();
        Assert.True(verification.IsValid, verification.Message);
        Assert.Equal(writers * each, verification.Entries);
    }

    [Fact]
    public void An_expired_latest_attestation_no_longer_satisfies_the_item()
    {
        var store = new AttestationStore(EvidencePath);
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        store.Append("a.old", "Ana", null, expires: now.AddDays(-1), at: now.AddDays(-10));
        store.Append("a.current", "Ben", null, expires: now.AddDays(1), at: now.AddDays(-10));
        var latest = store.Latest(now);
        Assert.False(latest.ContainsKey("a.old"));
        Assert.True(latest.ContainsKey("a.current"));
    }

    [Fact]
    public void A_waiver_entry_for_the_same_id_does_not_hide_its_attestation()
    {
        var store = new AttestationStore(EvidencePath);
        store.Append("a.b", "Ana", "verified");
        store.Append("a.b", "Ben", "accepted until the fix ships", kind: "waive", expires: DateTimeOffset.UtcNow.AddDays(3));
        Assert.Equal("Ana", store.Latest()["a.b"].By);
    }

    [Fact]
    public void A_missing_file_is_an_empty_valid_chain()
    {
        var store = new AttestationStore(Path.Combine(_dir, "none.jsonl"));
        Assert.True(store.Verify().IsValid);
        Assert.Empty(store.Latest());
    }
}

/// <summary>Attestations through the engine: the evidence file beside the checklist turns a manual item Attested.</summary>
public sealed class AttestationRunTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();
    private readonly string _checklist;

    public AttestationRunTests()
    {
        _checklist = Path.Combine(_dir, "release.yaml");
        File.WriteAllText(_checklist, """
            schemaVersion: 1
            name: release
            items:
              - id: go-no-go.sign-off
                section: Go/No-Go
                title: Cross-functional sign-off (Platform, AppSec, SRE).
                severity: critical
                manual:
                  approvers: [Platform, AppSec, SRE]
              - id: rollback.procedure-documented
                section: Rollback and Recovery
                title: Rollback procedure documented for API and worker deployments.
                severity: high
                manual:
                  approvers: [SRE]
              - id: security.auth-required
                section: Security
                title: DIFFVER_AUTH_REQUIRED=1 enabled in production.
                severity: critical
                check: { type: env, name: DIFFVER_AUTH_REQUIRED, equals: "1" }
            """);
    }

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private Task<ReadinessReport> Run() => ReadinessSession.RunAsync(
        new RunRequest { ChecklistPath = _checklist, Options = new RunOptions { EnvironmentLookup = n => n == "DIFFVER_AUTH_REQUIRED" ? "1" : null } },
        NullHost.Instance, CancellationToken.None);

    [Fact]
    public async Task An_attested_manual_item_reports_Attested_with_who_and_the_note()
    {
        var checklist = ReadinessSession.Load(_checklist);
        Attestations.Attest(checklist, "go-no-go.sign-off", "Ana (SRE)", "Platform, AppSec and SRE signed in the release channel.");
        Assert.True(File.Exists(Path.Combine(_dir, "release.evidence.jsonl")));

        var report = await Run();
        var signOff = report.Results.Single(r => r.Id == "go-no-go.sign-off");
        Assert.Equal(CheckStatus.Attested, signOff.Status);
        Assert.Equal("Ana (SRE)", signOff.Evidence["attestedBy"]);
        Assert.Equal("Platform, AppSec and SRE signed in the release channel.", signOff.Evidence["note"]);
        Assert.Equal(CheckStatus.Manual, report.Results.Single(r => r.Id == "rollback.procedure-documented").Status);
        Assert.Equal(Decision.Conditional, report.Decision);

        Attestations.Attest(checklist, "rollback.procedure-documented", "Ben", "docs/rollback.md reviewed.");
        Assert.Equal(Decision.Go, (await Run()).Decision);
    }

    [Fact]
    public async Task A_tampered_evidence_file_stops_the_run_naming_the_entry()
    {
        var checklist = ReadinessSession.Load(_checklist);
        Attestations.Attest(checklist, "go-no-go.sign-off", "Ana", "ok");
        var evidence = Path.Combine(_dir, "release.evidence.jsonl");
        File.WriteAllText(evidence, File.ReadAllText(evidence).Replace("\"ok\"", "\"approved by everyone\""));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(Run);
        Assert.Contains("entry 1 (go-no-go.sign-off, attest by Ana", ex.Message);
    }

    [Fact]
    public void An_unknown_id_is_refused_naming_the_closest_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => Attestations.Attest(ReadinessSession.Load(_checklist), "go-nogo.sign-off", "Ana", null));
        Assert.Contains("Item 'go-nogo.sign-off' is not in checklist 'release'. Closest ids: go-no-go.sign-off", ex.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "release.evidence.jsonl")));
    }

    [Fact]
    public void An_automated_item_cannot_be_attested()
    {
        var ex = Assert.Throws<ArgumentException>(() => Attestations.Attest(ReadinessSession.Load(_checklist), "security.auth-required", "Ana", null));
        Assert.Contains("decided by its 'env' check", ex.Message);
    }

    [Fact]
    public async Task A_markdown_checklist_uses_the_evidence_file_beside_it_too()
    {
        var markdown = Path.Combine(_dir, "launch.md");
        File.WriteAllText(markdown, "## Go/No-Go\n- [ ] Release tag cut and deployment window approved.\n");
        var checklist = ReadinessSession.Load(markdown);
        var entry = Attestations.Attest(checklist, checklist.Items[0].Id, "Ana", "tag v1.4.0");
        Assert.Equal("go-no-go.release-tag-cut-and-deployment-window-approved", entry.ItemId);
        var report = await ReadinessSession.RunAsync(new RunRequest { ChecklistPath = markdown }, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Attested, report.Results[0].Status);
        Assert.True(File.Exists(Path.Combine(_dir, "launch.evidence.jsonl")));
    }
}

public sealed class AttestationChecklistLookupTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private void Write(string relative, string id, string variable = "") =>
        File.WriteAllText(Path.Combine(_dir, relative), $$"""
            schemaVersion: 1
            name: {{Path.GetFileNameWithoutExtension(relative)}}
            items:
              - id: {{id}}
                section: S
                title: T
                severity: high
                manual: { approvers: [SRE] }
              - id: s.auto
                section: S
                title: Automated
                severity: high
                check: { type: env, name: "X{{variable}}", equals: "1" }
            """);

    [Fact]
    public void Without_a_checklist_the_one_that_has_the_id_is_used_even_when_its_variables_are_unset()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "checklists"));
        Write("checklists/a.yaml", "s.sign-off", "${undefinedVariable}");
        Write("checklists/b.yaml", "s.other");
        File.WriteAllText(Path.Combine(_dir, "profile.yaml"), "api: x\n");
        var checklist = Attestations.LocateChecklist("s.sign-off", null, searchFolder: _dir);
        Assert.Equal("a", checklist.Name);
    }

    [Fact]
    public void An_id_in_two_checklists_asks_which_one()
    {
        Write("a.yaml", "s.sign-off");
        Write("b.yaml", "s.sign-off");
        var ex = Assert.Throws<ArgumentException>(() => Attestations.LocateChecklist("s.sign-off", null, searchFolder: _dir));
        Assert.Contains("is in 2 checklists (a.yaml, b.yaml); choose one with --checklist FILE", ex.Message);
    }

    [Fact]
    public void An_id_in_no_checklist_says_so()
    {
        Write("a.yaml", "s.sign-off");
        var ex = Assert.Throws<ArgumentException>(() => Attestations.LocateChecklist("s.nope", null, searchFolder: _dir));
        Assert.Contains("has item 's.nope'", ex.Message);
    }
}
