using Readiness.Core.Checklists;
using Readiness.Core.Checks.AlertRouting;
using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Checks.PrometheusRules;
using Readiness.Core.Evidence;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checklists;

/// <summary>
/// Every YAML reader of the project, given a document nested 10,000 deep or an alias bomb, refuses it with its own
/// kind of input error naming the limit: no stack overflow (which kills the process, report and all), no minutes of
/// alias expansion. The readers run on a thread with a pool thread's small stack, where recursion would overflow.
/// </summary>
public sealed class YamlLimitsTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private static readonly string Deep = "a: " + new string('[', 10_000) + "\n";
    private static readonly string DeepBlock = string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "k:\n")) + new string(' ', 200) + "v\n";
    // 9 aliases per level, 8 levels: 9^8 = 43 million nodes from 250 bytes.
    private static readonly string Bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + string.Concat(Enumerable.Range(1, 8).Select(i => $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n"));

    public static TheoryData<string, string> Hostile => new() { { "flow", Deep }, { "block", DeepBlock }, { "bomb", Bomb } };

    private static T OnSmallStack<T>(Func<T> read)
    {
        T value = default!;
        Exception? thrown = null;
        var thread = new Thread(() => { try { value = read(); } catch (Exception ex) { thrown = ex; } }, 256 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "the reader did not return");
        if (thrown is not null) throw new ReaderFailed(thrown);
        return value;
    }

    private sealed class ReaderFailed(Exception inner) : Exception(inner.Message, inner);

    private static string ErrorOf(Action read) =>
        Assert.Throws<ReaderFailed>(() => OnSmallStack(() => { read(); return 0; })).Message;

    private static void AssertNamesTheLimit(string message, string kind)
    {
        if (kind == "bomb") Assert.Contains("aliases expand the document beyond 1,000,000 nodes", message);
        else Assert.Contains("nesting deeper than 64 levels", message);
    }

    [Theory, MemberData(nameof(Hostile))]
    public void A_checklist_is_refused_with_its_position(string kind, string text)
    {
        var message = ErrorOf(() => new ChecklistLoader().LoadText("schemaVersion: 1\nname: h\n" + text, "hostile.yaml"));
        AssertNamesTheLimit(message, kind);
        Assert.StartsWith("hostile.yaml:", message);
    }

    [Theory, MemberData(nameof(Hostile))]
    public void Markdown_front_matter_is_refused(string kind, string text) =>
        AssertNamesTheLimit(ErrorOf(() => MarkdownChecklistImporter.Import("---\n" + text + "---\n# Title\n", "hostile.md")), kind);

    [Theory, MemberData(nameof(Hostile))]
    public void A_waivers_file_is_refused(string kind, string text)
    {
        var path = Path.Combine(_dir, "c.waivers.yaml");
        File.WriteAllText(path, text);
        AssertNamesTheLimit(ErrorOf(() => new WaiverFile(path).Read()), kind);
    }

    [Theory, MemberData(nameof(Hostile))]
    public void A_profile_is_refused(string kind, string text)
    {
        var path = Path.Combine(_dir, "profile.yaml");
        File.WriteAllText(path, text);
        AssertNamesTheLimit(ErrorOf(() => ProfileFile.Read(path)), kind);
    }

    [Theory, MemberData(nameof(Hostile))]
    public void A_kubernetes_manifest_is_refused(string kind, string text)
    {
        var message = ErrorOf(() => ManifestReader.ReadText(text, "deploy/app.yaml"));
        AssertNamesTheLimit(message, kind);
        Assert.StartsWith("deploy/app.yaml:", message);
    }

    [Theory, MemberData(nameof(Hostile))]
    public void An_alertmanager_configuration_is_refused(string kind, string text) =>
        AssertNamesTheLimit(ErrorOf(() => AlertmanagerConfig.Parse(text)), kind);

    [Theory, MemberData(nameof(Hostile))]
    public void A_rule_file_is_a_finding_about_the_input(string kind, string text)
    {
        var report = OnSmallStack(() => RuleFileReader.Parse("rules.yaml", text));
        AssertNamesTheLimit(Assert.Single(report.Findings).Message, kind);
    }

    [Fact]
    public void The_limits_leave_real_documents_alone()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "checklists"), "*.yaml"))
            Assert.Null(YamlLimits.Problem(File.ReadAllText(file), "a checklist"));
        Assert.Null(YamlLimits.Problem(string.Concat(Enumerable.Range(0, 63).Select(i => new string(' ', i) + "k:\n")) + new string(' ', 63) + "v\n", "x"));
    }

    [Fact]
    public void A_position_after_a_failure_is_found_without_recursing()
    {
        var (line, _) = OnSmallStack(() => YamlNodes.LastReadablePosition("a: b\n" + new string('[', 10_000) + "\n"));
        Assert.True(line >= 1);
    }
}
