using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Secrets;
using static Readiness.Core.Tests.Checks.Secrets.FakeSecrets;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Secrets;

public sealed class ScannerPartsTests
{
    [Fact]
    public void The_keyword_automaton_finds_overlapping_keywords_in_any_case_and_ignores_non_ascii()
    {
        var m = new KeywordMatcher(new[] { "pwd", "pwd=", "api_key", "dd_api", "ghp_" });
        var found = new List<int>();
        m.Collect("DD_API_KEY=1; PWD=x", found);
        Assert.Equal(new[] { 3, 2, 0, 1 }, found);
        Assert.True(m.Any("ﬁ€ xGhP_y"));
        Assert.False(m.Any("pw d ghp- éapi_kéy"));
    }

    [Theory]
    [InlineData("b/src/app.cs", "src/app.cs")]
    [InlineData("\"b/dir with \\\"quote\\\"/caf\\303\\251.txt\"", "dir with \"quote\"/café.txt")]
    [InlineData("/dev/null", null)]
    [InlineData("\"b/bad\\9\"", "bad9")]
    public void Diff_paths_are_unquoted(string header, string? expected) =>
        Assert.Equal(expected, GitLogPatchParser.ParsePath(header));

    [Theory]
    [InlineData("@@ -0,0 +1,3 @@", 1)]
    [InlineData("@@ -12 +40 @@ class X", 40)]
    [InlineData("@@ -3,2 +0,0 @@", 1)]
    [InlineData("@@ garbage", 1)]
    public void Hunk_headers_give_the_new_start_line(string hunk, int expected) =>
        Assert.Equal(expected, GitLogPatchParser.ParseNewStart(hunk));

    [Fact]
    public void The_patch_parser_tracks_commit_file_and_line_across_hunks()
    {
        var scanner = new SecretScanner(allowlist: new SecretAllowlist(defaults: false));
        var result = new SecretScanResult();
        var parser = new GitLogPatchParser(scanner, result, null);
        var lines = new[]
        {
            "commit 1111111111111111111111111111111111111111 2026-01-05T10:00:00+01:00",
            "", "diff --git a/a.txt b/a.txt", "index 1..2 100644", "--- a/a.txt", "+++ b/a.txt",
            "@@ -1,0 +2,2 @@", "+nothing", "+++key=" + AwsKeyId,
            "@@ -9 +10 @@", "-old", "+token: " + GitHubToken(),
            "diff --git a/gone.txt b/gone.txt", "deleted file mode 100644", "--- a/gone.txt", "+++ /dev/null", "@@ -1 +0,0 @@", "-" + StripeLive(),
        };
        foreach (var l in lines) parser.Feed(l);
        Assert.Equal(new[] { ("a.txt", 3, "aws-access-key-id"), ("a.txt", 10, "github-pat") }, result.Findings.Select(f => (f.File, f.Line, f.RuleId)));
        Assert.All(result.Findings, f => Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), f.AuthorDate));
        Assert.Equal(3, result.LinesScanned);
    }

    [Fact]
    public void Arbitrary_git_log_lines_never_throw_in_the_patch_parser()
    {
        var scanner = new SecretScanner();
        var prefixes = new[] { "commit ", "diff --git ", "+++ ", "+++ \"", "@@ -", "@@ ", "+", "-", " ", "\\", "" };
        var line = Gen.Elements(prefixes).SelectMany(p => ArbMap.Default.GeneratorFor<string>().Select(s => p + (s ?? "")));
        Prop.ForAll(Gen.ListOf(line).ToArbitrary(), lines =>
        {
            var parser = new GitLogPatchParser(scanner, new SecretScanResult(), null);
            foreach (var l in lines) parser.Feed(l);
            return true;
        }).Check(PropertyRuns.Fixed());
    }

    [Fact]
    public void Allowlist_globs_match_anywhere_without_a_slash_and_from_the_root_with_one()
    {
        var a = new SecretAllowlist(new[] { "*.pem", "/docs/**", "config/*.yml" }, defaults: false);
        Assert.True(a.AllowsPath("keys/deploy.pem"));
        Assert.True(a.AllowsPath("docs/a/b.md"));
        Assert.False(a.AllowsPath("src/docs/a.md"));
        Assert.True(a.AllowsPath("config/app.yml"));
        Assert.False(a.AllowsPath("config/sub/app.yml"));
        Assert.True(new SecretAllowlist().AllowsPath("web/node_modules/x/index.js"));
        Assert.True(new SecretAllowlist().AllowsPath("pkg/testdata/creds.txt"));
    }
}
