using FsCheck;
using FsCheck.Fluent;
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
        var store = new AttestationStore(Path.Combine(_dir, "seed.jsonl"));
        store.Append("go-no-go.sign-off", "Ana (SRE)", "Reviewed dashboards and runbooks.");
        store.Append("security.api-keys-rotated", "Ben (AppSec)", "Rotated \"tenant\" keys; see ticket #42.");
        store.Append("signing.kms-key-policy", "Chen", null, expires: DateTimeOffset.UtcNow.AddDays(30));
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

    [Fact]
    public void Arbitrary_edits_of_a_valid_file_never_throw_and_a_changed_character_inside_a_value_is_caught() =>
        Check.One(PropertyRuns.Fixed(300), Prop.ForAll(
            (from position in Gen.Choose(0, _valid.Length - 1)
             from c in Gen.Elements("x9 {}\":,\\\n\u00e9".ToCharArray())
             from delete in Gen.Elements(true, false)
             select (position, c, delete)).ToArbitrary(),
            edit =>
            {
                var edited = edit.delete ? _valid.Remove(edit.position, 1) : _valid.Insert(edit.position, edit.c.ToString());
                if (!VerifyAnswers(edited)) return false;
                // A letter inserted inside a quoted value (a name, a note, an id) must break the chain.
                var insideValue = !edit.delete && char.IsLetterOrDigit(edit.c) && IsInsideStringValue(_valid, edit.position);
                return !insideValue || !new AttestationStore(Path.Combine(_dir, "fuzz.jsonl")).Verify().IsValid;
            }));

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
