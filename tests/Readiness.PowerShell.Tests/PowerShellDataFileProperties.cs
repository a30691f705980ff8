using FsCheck;
using FsCheck.Fluent;

namespace Readiness.PowerShell.Tests;

public sealed class PowerShellDataFileProperties
{
    [Fact]
    public void Arbitrary_text_only_ever_fails_with_a_FormatException()
    {
        var tokens = Gen.Elements("@{", "}", "@(", ")", "=", ";", ",", "\n", "'a'", "'it''s'", "\"q\"", "\"$x\"", "$true", "$null",
            "Key", "12", "-3.5", "#c\n", "<#", "#>", "`", "'", "\"", " ");
        var text = Gen.ListOf(tokens).Select(t => string.Concat(t));
        Prop.ForAll(text.ToArbitrary(), Parses).QuickCheckThrowOnFailure();
        Prop.ForAll<string>(s => Parses(s ?? "")).QuickCheckThrowOnFailure();
    }

    private static void Parses(string text)
    {
        try { PowerShellDataFile.Parse(text); }
        catch (FormatException) { }
    }
}
