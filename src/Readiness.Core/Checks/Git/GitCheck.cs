using Readiness.Core.Probing;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Git;

/// <summary>
/// Release state of a repository, read with the git CLI: a tag matching a pattern points at HEAD, the working tree is
/// clean, the current branch is the expected one. Each asked-for condition must hold.
/// </summary>
public sealed class GitCheck : SingleResultCheck
{
    public override string Type => "git";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "repo", "tag", "clean", "branch" };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var repo = context.ResolvePath(p.GetString("repo") ?? ".");
        var tagPattern = p.GetString("tag");
        var wantClean = p.GetBool("clean");
        var branch = p.GetString("branch");
        if (tagPattern is null && !wantClean && branch is null)
            throw p.Missing("tag", "a tag pattern such as v*; or set clean: true or branch");
        if (!Directory.Exists(repo)) return context.Error($"The repository folder {repo} does not exist.", repo);

        var top = await Git(repo, cancellationToken, "rev-parse", "--show-toplevel").ConfigureAwait(false);
        if (top.ExitCode != 0) return context.Error($"{repo} is not a git repository: {FirstLine(top.Error)}", repo);
        var head = await Git(repo, cancellationToken, "rev-parse", "--verify", "-q", "HEAD").ConfigureAwait(false);
        if (head.ExitCode != 0) return context.Fail($"{repo} has no commits yet.", repo, "Commit the release before tagging it.");
        var sha = head.Output.Trim();

        var problems = new List<string>();
        var remedies = new List<string>();
        var result = context.Pass("", repo).WithEvidence("head", sha[..Math.Min(12, sha.Length)]);

        if (tagPattern is not null)
        {
            var tags = Lines((await Git(repo, cancellationToken, "tag", "--points-at", "HEAD").ConfigureAwait(false)).Output);
            var regex = NameWildcard.ToRegex(tagPattern);
            var matching = tags.Where(t => regex.IsMatch(t)).ToList();
            if (matching.Count == 0)
            {
                var latest = Lines((await Git(repo, cancellationToken, "tag", "--list", "--sort=-creatordate").ConfigureAwait(false)).Output)
                    .FirstOrDefault(t => regex.IsMatch(t));
                problems.Add(latest is null ? $"no tag matching {tagPattern} exists" : $"no tag matching {tagPattern} points at HEAD (latest is {latest})");
                remedies.Add($"Tag the release commit: git tag <{tagPattern}> {sha[..Math.Min(12, sha.Length)]} && git push --tags.");
                if (latest is not null) result.WithEvidence("latestTag", latest);
            }
            else result.WithEvidence("tag", string.Join(", ", matching));
        }

        if (wantClean)
        {
            // Porcelain lines are "XY path"; not trimmed, the leading space of " M" is part of the format.
            var status = (await Git(repo, cancellationToken, "status", "--porcelain", "--untracked-files=normal").ConfigureAwait(false)).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            result.WithEvidence("changedFiles", status.Count);
            if (status.Count > 0)
            {
                problems.Add($"the working tree has {status.Count} uncommitted change(s) ({string.Join(", ", status.Take(3).Select(l => l.Length > 3 ? l[3..] : l))}{(status.Count > 3 ? ", …" : "")})");
                remedies.Add("Commit or discard the changes so the release is built from a known commit.");
            }
        }

        if (branch is not null)
        {
            var current = (await Git(repo, cancellationToken, "rev-parse", "--abbrev-ref", "HEAD").ConfigureAwait(false)).Output.Trim();
            result.WithEvidence("branch", current);
            if (!string.Equals(current, branch, StringComparison.Ordinal))
            {
                problems.Add(current == "HEAD" ? $"HEAD is detached, expected branch {branch}" : $"the current branch is {current}, expected {branch}");
                remedies.Add($"Release from {branch}: git switch {branch}.");
            }
        }

        if (problems.Count == 0)
        {
            var said = new List<string>();
            if (tagPattern is not null) said.Add($"tag {result.Evidence["tag"]} points at HEAD");
            if (wantClean) said.Add("the working tree is clean");
            if (branch is not null) said.Add($"the branch is {branch}");
            result.Message = $"In {Path.GetFileName(top.Output.Trim())}: {string.Join(", ", said)}.";
            return result;
        }
        var failed = context.Fail($"In {Path.GetFileName(top.Output.Trim())}: {string.Join("; ", problems)}.", repo, string.Join(" ", remedies));
        foreach (var (k, v) in result.Evidence) failed.Evidence[k] = v;
        return failed;
    }

    private static async Task<(int ExitCode, string Output, string Error)> Git(string repo, CancellationToken cancellationToken, params string[] args)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(new ProcessRequest
            {
                Program = "git", Arguments = new[] { "-C", repo }.Concat(args).ToArray(), Environment = GitEnvironment,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception ex) { throw new InvalidOperationException($"git is not installed or not on PATH ({ex.Message}).", ex); }
        return (outcome.ExitCode, outcome.Output, outcome.Error);
    }

    /// <summary>Never prompt, never read the user's pager or locale-dependent messages.</summary>
    internal static readonly IReadOnlyDictionary<string, string?> GitEnvironment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_PAGER"] = "cat", ["LC_ALL"] = "C",
    };

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string FirstLine(string text) => Lines(text).FirstOrDefault() ?? "git failed";
}
