using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Git;

/// <summary>Each test builds a real repository with the git CLI in a temp folder.</summary>
public sealed class GitCheckTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    private readonly string _repo;

    public GitCheckTests()
    {
        _repo = Path.Combine(_dir, "service");
        Directory.CreateDirectory(_repo);
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "release@example.test");
        Git("config", "user.name", "Release Bot");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
        Commit("README.md", "# service\n");
    }

    public void Dispose() => TempFolder.Delete(_dir);

    private void Git(params string[] args)
    {
        var (code, output) = Tools.Run("git", new[] { "-C", _repo }.Concat(args).ToArray());
        Assert.True(code == 0, $"git {string.Join(' ', args)}: {output}");
    }

    private void Commit(string file, string text)
    {
        File.WriteAllText(Path.Combine(_repo, file), text);
        Git("add", file);
        Git("commit", "-q", "-m", $"change {file}");
    }

    private async Task<CheckResult> Run(Dictionary<string, object?> parameters)
    {
        parameters.TryAdd("repo", "service");
        var item = new ChecklistItem { Id = "release.tag", Section = "Release", Title = "t", Severity = Severity.High, Check = new CheckSpec { Type = "git", Parameters = parameters } };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    [Fact]
    public async Task A_release_tag_on_HEAD_of_a_clean_main_passes()
    {
        Git("tag", "v1.2.0");
        var r = await Run(new() { ["tag"] = "v*", ["clean"] = true, ["branch"] = "main" });
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Equal("In service: tag v1.2.0 points at HEAD, the working tree is clean, the branch is main.", r.Message);
    }

    [Fact]
    public async Task A_commit_after_the_tag_fails_naming_the_latest_tag()
    {
        Git("tag", "-a", "v1.2.0", "-m", "release");
        Commit("fix.txt", "late fix\n");
        var r = await Run(new() { ["tag"] = "v*" });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal("In service: no tag matching v* points at HEAD (latest is v1.2.0).", r.Message);
        Assert.Equal("v1.2.0", r.Evidence["latestTag"]);
        Assert.Contains("git tag <v*>", r.Remediation);
    }

    [Fact]
    public async Task A_tag_that_does_not_match_the_pattern_does_not_count()
    {
        Git("tag", "nightly-2026-11-22");
        var r = await Run(new() { ["tag"] = "v*" });
        Assert.Equal("In service: no tag matching v* exists.", r.Message);
    }

    [Fact]
    public async Task Uncommitted_changes_fail_naming_the_files()
    {
        File.AppendAllText(Path.Combine(_repo, "README.md"), "edited\n");
        File.WriteAllText(Path.Combine(_repo, "scratch.txt"), "x");
        var r = await Run(new() { ["clean"] = true });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Equal("In service: the working tree has 2 uncommitted change(s) (README.md, scratch.txt).", r.Message);
        Assert.Equal("2", r.Evidence["changedFiles"]);
    }

    [Fact]
    public async Task The_wrong_branch_or_a_detached_HEAD_fails()
    {
        Git("switch", "-q", "-c", "feature/x");
        var r = await Run(new() { ["branch"] = "main" });
        Assert.Equal("In service: the current branch is feature/x, expected main.", r.Message);
        Git("switch", "-q", "--detach");
        var detached = await Run(new() { ["branch"] = "main" });
        Assert.Equal("In service: HEAD is detached, expected branch main.", detached.Message);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_repository_is_an_Error()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "plain"));
        var r = await Run(new() { ["repo"] = "plain", ["clean"] = true });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("is not a git repository", r.Message);
    }

    [Fact]
    public async Task Asking_for_nothing_is_a_parameter_error()
    {
        var r = await Run(new());
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("parameter 'tag' is required", r.Message);
    }
}
