using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Readiness.Core.Evidence;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Evidence;

/// <summary>The evidence file is parsed on every run: whatever it holds, verification answers instead of throwing.</summary>
public sealed class AttestationStorePropertyTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();
    private readonly string _valid;

    public AttestationStorePropertyTests()
    {
        // Fixed times with all seven fraction digits: offsets in a replayed failure must mean the same text every run.
        var at = new DateTimeOffset(2026, 12, 7, 4, 8, 15, TimeSpan.Zero).AddTicks(1234567);
        var store = new AttestationStore(Path.Combine(_dir, "seed.jsonl"));
        store.Append("go-no-go.sign-off", "Ana (SRE)", "Reviewed dashboards and runbooks.", at: at);
        store.Append("security.api-keys-rotated", "Ben (AppSec)", "Rotated \"tenant\" keys; see ticket #42.", at: at);
        store.Append("signing.kms-key-policy", "Chen", null, expires: at.AddYears(30), at: at);
        _valid = File.ReadAllText(store.Path);
    }

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private bool VerifyAnswers(string content)
    {
        var path = Path.Combine(_dir, "fuzz.jsonl");
        File.WriteAllText(path, content);
        var store = new AttestationStore(path);
        var verification = store.Verify();
        try { store.Latest(); }
        catch (InvalidDataException ex) { return !verification.IsValid && ex.Message == verification.Message; }
        return verification.IsValid;
    }

    [Fact]
    public void Arbitrary_file_content_never_throws_from_verification() =>
        Check.One(PropertyRuns.Fixed(300), Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => VerifyAnswers(s ?? "")));

    /// <summary>Seed and gamma logged so any failure can be replayed with <see cref="Replay"/>.</summary>
    private const ulong Seed = 13866896830083148314, Gamma = 2434963867516919831;

    private static Config Replay(ulong seed, ulong gamma, int? size = null) => Config.QuickThrowOnFailure.WithMaxTest(300)
        .WithReplay(FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new Rnd(seed, gamma),
            size is { } s ? FSharpOption<int>.Some(s) : FSharpOption<int>.None)));

    private bool EditIsAnsweredAndCaught((int position, char c, bool delete) edit)
    {
        var edited = edit.delete ? _valid.Remove(edit.position, 1) : _valid.Insert(edit.position, edit.c.ToString());
        if (!VerifyAnswers(edited)) return false;
        // A letter inserted inside a quoted value (a name, a note, an id, a time) must break the chain.
        var insideValue = !edit.delete && char.IsLetterOrDigit(edit.c) && IsInsideStringValue(_valid, edit.position);
        return !insideValue || !new AttestationStore(Path.Combine(_dir, "fuzz.jsonl")).Verify().IsValid;
    }

    [Fact]
    public void Arbitrary_edits_of_a_valid_file_never_throw_and_a_changed_character_inside_a_value_is_caught()
    {
        try
        {
            Check.One(Replay(Seed, Gamma), Prop.ForAll(
                (from position in Gen.Choose(0, _valid.Length - 1)
                 from c in Gen.Elements("x9 {}\":,\\\n\u00e9".ToCharArray())
                 from delete in Gen.Elements(true, false)
                 select (position, c, delete)).ToArbitrary(),
                EditIsAnsweredAndCaught));
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Replay with seed ({Seed},{Gamma}) and the size FsCheck reports: {ex.Message}");
        }
    }

    [Fact]
    public void Regression_a_digit_after_the_seventh_fraction_digit_of_a_time_is_caught()
    {
        // Replay (13866896830083148314,2434963867516919831,48): '9' inserted at offset 395, just after "04:08:15.1234567"
        // of the second entry; the parser dropped the eighth digit, so the hash still matched.
        Assert.Equal("15.1234567", _valid.Substring(385, 10));
        Assert.True(EditIsAnsweredAndCaught((395, '9', false)));
        var edited = _valid.Insert(395, "9");
        var path = Path.Combine(_dir, "regression.jsonl");
        File.WriteAllText(path, edited);
        var verification = new AttestationStore(path).Verify();
        Assert.False(verification.IsValid);
        Assert.Contains(":2: entry 2 (security.api-keys-rotated) was modified after it was written", verification.Message);
    }

    /// <summary>True when the position is inside a JSON string that is a value (after a colon), not a key.</summary>
    private static bool IsInsideStringValue(string json, int position)
    {
        var inString = false;
        var isValue = false;
        var start = json.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        for (var i = start; i < position; i++)
        {
            var ch = json[i];
            if (inString && ch == '\\') { i++; continue; }
            if (ch == '"')
            {
                inString = !inString;
                if (inString) isValue = i > 0 && json[..i].TrimEnd().EndsWith(':');
            }
        }
        return inString && isValue;
    }
}
