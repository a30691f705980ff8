using Readiness.Core.Checks;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks;

public sealed class FileGlobTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-glob-");

    public FileGlobTests()
    {
        foreach (var f in new[] { "coverage.xml", "a/coverage.xml", "a/b/coverage.xml", "a/b/Coverage.XML", "a/results-1.trx", "a/results-22.trx" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, f))!);
            File.WriteAllText(Path.Combine(_dir, f), "x");
        }
    }

    public void Dispose() => TempFolder.Delete(_dir);

    private string[] Expand(string pattern) =>
        FileGlob.Expand(_dir, pattern).Select(f => Path.GetRelativePath(_dir, f).Replace('\\', '/')).ToArray();

    [Fact]
    public void Double_star_spans_any_folders_including_none_and_single_star_stays_in_one_name()
    {
        Assert.Equal(new[] { "a/b/coverage.xml", "a/coverage.xml", "coverage.xml" }, Expand("**/coverage.xml"));
        Assert.Equal(new[] { "a/coverage.xml" }, Expand("*/coverage.xml"));
        Assert.Equal(new[] { "a/results-1.trx", "a/results-22.trx" }, Expand("a/*.trx"));
    }

    [Fact]
    public void Names_are_case_sensitive_literal_paths_must_exist_and_absolute_patterns_work()
    {
        Assert.Equal(new[] { "a/b/Coverage.XML" }, Expand("**/Coverage.XML"));
        Assert.Equal(new[] { "a/coverage.xml" }, Expand("a/coverage.xml"));
        Assert.Empty(Expand("a/missing.xml"));
        Assert.Empty(Expand("missing/**/*.xml"));
        Assert.Equal(new[] { "a/b/coverage.xml" }, Expand(Path.Combine(_dir, "a", "b", "*.xml")));
    }

    [Theory]
    [InlineData("node_modules/x/y.js", true)]
    [InlineData("src/node_modules/y.js", true)]
    [InlineData("web/app.min.js", true)]
    [InlineData("Cargo.lock", true)]
    [InlineData("src/app.js", false)]
    [InlineData("src/testdata/key.pem", true)]
    public void The_secrets_allowlist_matches_its_default_paths_anywhere(string path, bool allowed) =>
        Assert.Equal(allowed, new SecretAllowlist().AllowsPath(path));

    [Fact]
    public void A_rooted_allowlist_glob_matches_only_at_the_root_and_a_bare_name_anywhere_ignoring_case()
    {
        var allowlist = new SecretAllowlist(new[] { "/config/*.env", "Fixture.txt" }, defaults: false);
        Assert.True(allowlist.AllowsPath("config/prod.env"));
        Assert.False(allowlist.AllowsPath("app/config/prod.env"));
        Assert.True(allowlist.AllowsPath("deep/down/fixture.TXT"));
        Assert.False(allowlist.AllowsPath("src/app.js"));
    }
}
