using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Reporting;

namespace Readiness.Core.Tests.Reporting;

public sealed class MamlHelpWriterTests
{
    private const string Page = """
        ---
        external help file: Readiness.PowerShell.dll-Help.xml
        ---
        # Get-Thing

        ## Synopsis

        Gets a thing.

        ## Description

        Longer text.

        Second paragraph.

        ## Parameters

        ### -Name

        Which thing.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases: N
        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        ```

        ### -All

        Every thing.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: All
        ```

        ### -Quiet, -Verbosely

        ### CommonParameters

        ## Outputs

        ### Readiness.Thing

        | field | meaning |

        ## Examples

        ### Example 1: one

        ```powershell
        Get-Thing a
        ```

        Remarks here.

        ### Example 2: pipeline

        ```powershell
        'a' | Get-Thing
        ```

        ## Related links

        - [about_Readiness](about.md)
        """;

    [Fact]
    public void A_help_page_reads_into_parameters_sets_examples_and_links()
    {
        var help = CommandHelpReader.Read(Page, "fallback");
        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal("Gets a thing.", help.Synopsis);
        Assert.Equal(new[] { "Name", "All", "Quiet", "Verbosely" }, help.Parameters.Select(p => p.Name));
        var name = help.Parameters[0];
        Assert.True(name.Required);
        Assert.Equal("0", name.Position);
        Assert.Equal(new[] { "N" }, name.Aliases);
        Assert.Equal(new[] { "ByName", "All" }, help.ParameterSets);
        Assert.Equal(2, help.Examples.Count);
        Assert.Equal("'a' | Get-Thing", help.Examples[1].Code);
        Assert.Equal("Remarks here.", help.Examples[0].Remarks);
        Assert.Equal(new[] { "about_Readiness" }, help.RelatedLinks);
    }

    [Fact]
    public void A_page_with_a_parameter_table_and_untitled_examples_reads_too()
    {
        var help = CommandHelpReader.Read("""
            # Test-Thing

            ## Parameters

            | parameter | type | meaning |
            | --- | --- | --- |
            | `-Path` | string | Folder to scan. |
            | `-Quiet` | switch | Only a Boolean. |

            ## Examples

            Scan here:

            ```powershell
            Test-Thing -Path .
            ```

            Into a report (pipeline):

            ```powershell
            Test-Thing | Get-ReadinessReport
            ```
            """, "x");
        Assert.Equal(new[] { "Path", "Quiet" }, help.Parameters.Select(p => p.Name));
        Assert.Equal("string", help.Parameters[0].Type);
        Assert.Equal("Folder to scan.", help.Parameters[0].Description);
        Assert.Equal(2, help.Examples.Count);
        Assert.Equal("Test-Thing | Get-ReadinessReport", help.Examples[1].Code);
        Assert.Equal("Into a report (pipeline):", help.Examples[1].Remarks);
    }

    [Fact]
    public void The_maml_has_a_syntax_item_per_set_and_every_parameter()
    {
        using var sw = new StringWriter();
        MamlHelpWriter.Write(new[] { CommandHelpReader.Read(Page, "x") }, sw);
        var doc = XDocument.Parse(sw.ToString());
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var entry = Assert.Single(doc.Descendants(command + "command"));
        Assert.Equal("Get", entry.Element(command + "details")!.Element(command + "verb")!.Value);
        var syntax = entry.Element(command + "syntax")!.Elements(command + "syntaxItem").ToList();
        Assert.Equal(2, syntax.Count);
        Assert.Equal(new[] { "Name", "Quiet", "Verbosely" }, syntax[0].Elements(command + "parameter").Select(p => p.Element(maml + "name")!.Value));
        Assert.Equal(new[] { "Name", "All", "Quiet", "Verbosely" }, entry.Element(command + "parameters")!.Elements(command + "parameter").Select(p => p.Element(maml + "name")!.Value));
        Assert.Equal(2, entry.Descendants(command + "example").Count());
    }

    [Fact]
    public void Arbitrary_markdown_never_breaks_the_reader_or_the_writer()
    {
        var lines = Gen.Elements("# T", "## Synopsis", "## Parameters", "### -P", "```", "```yaml", "Type: X", "Parameter Sets: A, B",
            "## Examples", "### E", "text", "", "## Related links", "- [x](y)", "---", "Position: 1", "Required: True (A)");
        var page = Gen.ListOf(lines).Select(l => string.Join("\n", l));
        Prop.ForAll(page.ToArbitrary(), text =>
        {
            var help = CommandHelpReader.Read(text, "fallback");
            using var sw = new StringWriter();
            MamlHelpWriter.Write(new[] { help }, sw);
            XDocument.Parse(sw.ToString());
        }).QuickCheckThrowOnFailure();
        Prop.ForAll<string>(text => { CommandHelpReader.Read(text ?? "", "f"); }).QuickCheckThrowOnFailure();
    }
}
