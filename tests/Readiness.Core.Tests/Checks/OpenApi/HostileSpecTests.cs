using System.Diagnostics;
using Readiness.Core.Checks.OpenApi;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.OpenApi;

/// <summary>Specs built to hurt the readers: each must end as an item with a message about the input, never a crash.</summary>
public sealed class HostileSpecTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private async Task<CheckResult> Run(string fileName, string spec)
    {
        File.WriteAllText(Path.Combine(_dir, fileName), spec);
        var item = new ChecklistItem
        {
            Id = "api.spec", Section = "API", Title = "t",
            Check = new CheckSpec { Type = "openapi", Parameters = new() { ["spec"] = fileName, ["aspect"] = "spec" } },
        };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    /// <summary>A stack overflow cannot be caught, so the documents go to a thread whose stack is as small as a pool thread's can be.</summary>
    private static SpecLoad ParseOnSmallStack(string text)
    {
        SpecLoad? load = null;
        var thread = new Thread(() => load = OpenApiSpec.Parse(text), 256 * 1024);
        thread.Start();
        thread.Join();
        return load!;
    }

    public static TheoryData<string, string> DeepDocuments => new()
    {
        { "brackets.json", new string('[', 10_000) },
        { "objects.json", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) },
        { "flow.yaml", string.Concat(Enumerable.Repeat("{a: ", 10_000)) },
        { "block.yaml", string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n" },
        { "indented.yaml", "openapi: 3.0.3\npaths:\n" + string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i + 2) + "a:\n")) },
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public async Task A_document_nested_thousands_deep_fails_naming_the_depth_limit(string fileName, string spec)
    {
        var load = ParseOnSmallStack(spec);
        var problem = Assert.Single(load.Errors);
        Assert.Matches(@"^nesting deeper than 64 levels at line \d+$", problem);

        var result = await Run(fileName, spec);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("nesting deeper than 64 levels at line", result.Message);
    }

    [Fact]
    public void The_line_of_the_level_past_the_limit_is_named()
    {
        var spec = "openapi: 3.0.3\npaths:\n" + string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i + 2) + "a:\n"));
        // Level 1 is the top mapping on line 1, level 2 opens on line 3, so level 65 opens on line 66.
        Assert.Equal("nesting deeper than 64 levels at line 66", Assert.Single(OpenApiSpec.Parse(spec).Errors));
    }

    [Fact]
    public void A_document_at_the_depth_limit_is_read_and_judged_on_its_content()
    {
        var spec = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{},\"x-deep\":"
                   + string.Concat(Enumerable.Repeat("[", 63)) + string.Concat(Enumerable.Repeat("]", 63)) + "}";
        Assert.Empty(OpenApiSpec.Parse(spec).Errors);
    }

    [Fact]
    public async Task A_yaml_alias_bomb_fails_at_once_naming_the_expansion_limit()
    {
        // 9 aliases per level, 8 levels: 9^8 = 43 million nodes from under 300 bytes.
        var names = "abcdefghi";
        var bomb = "a: &a [x]\n" + string.Concat(Enumerable.Range(1, 8).Select(i =>
            $"{names[i]}: &{names[i]} [{string.Join(",", Enumerable.Repeat($"*{names[i - 1]}", 9))}]\n"));
        Assert.True(bomb.Length < 300);
        var clock = Stopwatch.StartNew();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await Run("bomb.yaml", bomb);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("aliases expand the document beyond 1,000,000 nodes", result.Message);
        Assert.Contains("(at line 7)", result.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public void Aliases_within_the_limit_still_read()
    {
        var spec = "openapi: 3.0.3\ninfo: &info { title: t, version: \"1\" }\nx-copy: *info\npaths: {}\n";
        Assert.Empty(OpenApiSpec.Parse(spec).Errors);
    }

    [Fact]
    public async Task A_spec_file_over_the_size_limit_fails_before_it_is_read()
    {
        var path = Path.Combine(_dir, "huge.yaml");
        await using (var f = File.Create(path)) f.SetLength(SpecLimits.MaxBytes + 1L);
        var item = new ChecklistItem { Id = "api.spec", Section = "API", Title = "t", Check = new CheckSpec { Type = "openapi", Parameters = new() { ["spec"] = "huge.yaml", ["aspect"] = "spec" } } };
        var result = await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("the document is larger than 16 MB", result.Message);
    }

    [Theory]
    [InlineData("bad.json", "{\"openapi\": 3, \"paths\": [}", "line 1, column 26: invalid JSON")]
    [InlineData("bad.yaml", "hello: [unclosed\n", "line 2, column 1: invalid YAML: While parsing a flow sequence")]
    [InlineData("empty.yaml", "", "the document is empty")]
    [InlineData("null.yaml", "null\n", "not an OpenAPI document")]
    [InlineData("scalar.yaml", "hello\n", "OpenAPI specification version 'hello' is not supported")]
    public async Task An_invalid_spec_is_described_by_its_input_without_exception_text(string fileName, string spec, string expected)
    {
        var result = await Run(fileName, spec);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(expected, result.Message);
        foreach (var dotnet in new[] { "could not run", "Index was out of range", "LineNumber:", "BytePositionInLine", "Idx:", "Exception", "#line=", ".." })
            Assert.DoesNotContain(dotnet, result.Message);
    }
}
