using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checklists;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checklists;

/// <summary>
/// Arbitrary input never makes the YAML loader or the Markdown importer throw anything but
/// <see cref="ChecklistException"/>, and whatever they accept is well formed.
/// </summary>
public sealed class ChecklistParserPropertyTests
{
    /// <summary>FUZZ_RUNS=6000 for a deeper search than the default run.</summary>
    private static readonly int Depth = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_RUNS"), out var n) && n > 0 ? n : 400;
    private static readonly Config Runs = PropertyRuns.Fixed(Depth);

    private static readonly string DiffverYaml = File.ReadAllText(RepoFiles.Checklist("diffver.yaml"));
    private static readonly string AuthYaml = File.ReadAllText(RepoFiles.Checklist("auth-service.yaml"));
    private static readonly string Seed000 = File.ReadAllText(RepoFiles.Seed("000"));
    private static readonly string Seed001 = File.ReadAllText(RepoFiles.Seed("001"));

    /// <summary>Characters that mean something to YAML or Markdown, plus a few that break text handling.</summary>
    private static readonly char[] Significant =
        ":-[]{}\"'&*!|>%@`#?,\t\n\r \\$~+•x0123456789.<=()/".ToCharArray().Concat(new[] { '\0', '\u2028', '\uFEFF', 'é', '\uD83D' }).ToArray();

    private enum Edit { DeleteLine, DuplicateLine, SwapLines, InsertChar, DeleteChar, IndentLine, TruncateAt }

    /// <summary>A valid document with 1 to 6 random edits: line deletions, duplications, swaps, inserted characters.</summary>
    private static Gen<string> Mutations(params string[] documents) =>
        from doc in Gen.Elements(documents)
        from edits in Gen.ListOf(
            from kind in Gen.Elements(Enum.GetValues<Edit>())
            from a in Gen.Choose(0, int.MaxValue - 1)
            from b in Gen.Choose(0, int.MaxValue - 1)
            from c in Gen.Elements(Significant)
            select (kind, a, b, c)).Where(l => l.Count is > 0 and <= 6)
        select edits.Aggregate(doc, Apply);

    private static string Apply(string text, (Edit Kind, int A, int B, char C) edit)
    {
        var lines = text.Split('\n').ToList();
        var i = edit.A % Math.Max(1, lines.Count);
        var j = edit.B % Math.Max(1, lines.Count);
        switch (edit.Kind)
        {
            case Edit.DeleteLine when lines.Count > 0: lines.RemoveAt(i); break;
            case Edit.DuplicateLine when lines.Count > 0: lines.Insert(j, lines[i]); break;
            case Edit.SwapLines when lines.Count > 0: (lines[i], lines[j]) = (lines[j], lines[i]); break;
            case Edit.IndentLine when lines.Count > 0: lines[i] = new string(' ', edit.B % 7) + lines[i]; break;
            case Edit.InsertChar: return text.Insert(edit.A % (text.Length + 1), edit.C.ToString());
            case Edit.DeleteChar when text.Length > 0: return text.Remove(edit.A % text.Length, 1);
            case Edit.TruncateAt: return text[..(edit.A % (text.Length + 1))];
        }
        return string.Join('\n', lines);
    }

    /// <summary>Text assembled from lines that look like checklist content, so the parsers get past their first check.</summary>
    private static Gen<string> MarkdownLike() =>
        from lines in Gen.ListOf(Gen.OneOf(
            Gen.Elements("# Title", "## 1. Security", "### 1.2 TLS/HTTPS", "---", "title: x", "```", "~~~", "> [!NOTE]", "",
                "Security", "Validation Snapshot (2026-03-06)", "  • Evidence: docs/x.md", "Date: 2026-03-04", "- plain bullet:",
                "<!-- id: a.b -->", "#", "####### seven", "  ", "\t- [x] tabbed"),
            from indent in Gen.Elements("", "  ", "    ", "\t", "      ")
            from bullet in Gen.Elements("-", "*", "+", "•", "1.", "2)")
            from mark in Gen.Elements("[ ]", "[x]", "[X]", "[]", "[-]")
            from title in ArbMap.Default.GeneratorFor<string>()
            from id in Gen.Elements("", " <!-- id: a.b -->", " <!-- id: Bad Id -->", " <!-- id: x -->")
            select $"{indent}{bullet} {mark} {title}{id}"))
        select string.Join("\n", lines);

    private static bool LoadYaml(string text)
    {
        try
        {
            var checklist = new ChecklistLoader().LoadText(text, "fuzz.yaml", new VariableResolver(null, null, _ => null));
            return checklist.Items.Count > 0 && checklist.Items.All(i => i.Id.Length > 0);
        }
        catch (ChecklistException ex)
        {
            return ex.Errors.Count > 0 && ex.Errors.All(e => e.File == "fuzz.yaml" && e.Line >= 0 && e.Column >= 0);
        }
        catch (Exception ex)
        {
            throw new Exception($"{ex.GetType().Name} for input:\n{Show(text)}", ex);
        }
    }

    private static bool ImportMarkdown(string text)
    {
        try
        {
            var document = MarkdownChecklistImporter.ImportDocument(text, "fuzz.md");
            var items = document.Checklist.Items;
            var bad = items.FirstOrDefault(i => !System.Text.RegularExpressions.Regex.IsMatch(i.Id, "^[a-z0-9][a-z0-9._-]*$") || i.Title.Length == 0 || i.Section.Length == 0);
            if (items.Count == 0 || bad is not null || items.Select(i => i.Id).Distinct().Count() != items.Count)
                throw new Exception($"accepted but malformed ({bad?.Id}|{bad?.Section}|{bad?.Title}) for input:\n{Show(text)}");
            return true;
        }
        catch (ChecklistException ex)
        {
            return ex.Errors.Count > 0 && ex.Errors.All(e => e.File == "fuzz.md" && e.Line >= 0 && e.Column >= 0);
        }
        catch (Exception ex) when (!ex.Message.StartsWith("accepted but malformed"))
        {
            throw new Exception($"{ex.GetType().Name} for input:\n{Show(text)}", ex);
        }
    }

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    [Fact]
    public void The_yaml_loader_only_ever_throws_ChecklistException_for_arbitrary_strings() =>
        Check.One(Runs, Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => LoadYaml(s ?? "")));

    [Fact]
    public void The_yaml_loader_only_ever_throws_ChecklistException_for_mutated_checklists() =>
        Check.One(Runs.WithMaxTest(Depth * 3 / 2), Prop.ForAll(Mutations(DiffverYaml, AuthYaml).ToArbitrary(), LoadYaml));

    [Fact]
    public void The_markdown_importer_only_ever_throws_ChecklistException_for_arbitrary_strings() =>
        Check.One(Runs, Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => ImportMarkdown(s ?? "")));

    [Fact]
    public void The_markdown_importer_only_ever_throws_ChecklistException_for_mutated_seeds() =>
        Check.One(Runs.WithMaxTest(Depth * 3 / 2), Prop.ForAll(Mutations(Seed000, Seed001).ToArbitrary(), ImportMarkdown));

    [Fact]
    public void The_markdown_importer_only_ever_throws_ChecklistException_for_checklist_like_text() =>
        Check.One(Runs, Prop.ForAll(MarkdownLike().ToArbitrary(), ImportMarkdown));

    [Fact]
    public void Whatever_the_importer_accepts_survives_export_and_reimport_unchanged() =>
        Check.One(Runs.WithMaxTest(200), Prop.ForAll(MarkdownLike().ToArbitrary(), text =>
        {
            MarkdownChecklistDocument first;
            try { first = MarkdownChecklistImporter.ImportDocument(text, "fuzz.md"); }
            catch (ChecklistException) { return true; }
            var exported = MarkdownChecklistExporter.Export(first.Checklist);
            var again = MarkdownChecklistImporter.Import(exported, "again.md");
            return again.Items.Select(i => (i.Id, i.Title, i.PreviouslyValidated))
                .SequenceEqual(first.Checklist.Items.Select(i => (i.Id, i.Title, i.PreviouslyValidated)));
        }));
}
