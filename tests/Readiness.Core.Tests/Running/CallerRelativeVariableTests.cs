using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Running;

/// <summary>A path the caller passes (-Variable/--var) is relative to the caller; a path written in the checklist, to the checklist.</summary>
public sealed class CallerRelativeVariableTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("readiness-caller-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string Checklist() => Write("checklists/c.yaml", """
        schemaVersion: 1
        name: c
        variables:
          envFile: ../config/.env
          repo: ..
          fromRepo: ${repo}/config/.env
        items:
          - id: a.explicit
            section: A
            title: MODE from the env file
            severity: high
            check: { type: env, source: dotenv, file: "${envFile}", name: MODE, equals: ready }
          - id: a.nested
            section: A
            title: MODE through a default that starts with a caller variable
            severity: high
            check: { type: env, source: dotenv, file: "${fromRepo}", name: MODE, equals: ready }
        """);

    [Fact]
    public async Task A_relative_path_in_an_explicit_variable_resolves_against_the_callers_folder()
    {
        var checklist = Checklist();
        Write("config/.env", "MODE=checklist-relative\n");
        Write("caller/samples/.env.ready", "MODE=ready\n");
        Write("caller/config/.env", "MODE=ready\n");
        var report = await ReadinessSession.RunAsync(new RunRequest
        {
            ChecklistPath = checklist,
            Variables = new() { ["envFile"] = "./samples/.env.ready", ["repo"] = "." },
            CallerDirectory = Path.Combine(_root, "caller"),
        }, NullHost.Instance, CancellationToken.None);
        Assert.All(report.Results, r => Assert.Equal(CheckStatus.Passed, r.Status));
    }

    [Fact]
    public async Task A_default_written_in_the_checklist_still_resolves_beside_the_checklist()
    {
        var checklist = Checklist();
        Write("config/.env", "MODE=ready\n");
        var report = await ReadinessSession.RunAsync(new RunRequest
        {
            ChecklistPath = checklist, Options = new RunOptions { Ids = new() { "a.explicit" } },
            CallerDirectory = Path.Combine(_root, "elsewhere"),
        }, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, Assert.Single(report.Results).Status);
    }

    [Fact]
    public void The_resolver_names_the_callers_folder_only_for_text_that_begins_with_a_caller_value()
    {
        var resolver = new VariableResolver(new Dictionary<string, string> { ["repo"] = "." }, null, _ => null, callerDirectory: "/caller")
            .WithDefaults(new Dictionary<string, string> { ["inRepo"] = "${repo}/x", ["fixedDir"] = "conf", ["api"] = "http://h" });
        Assert.Equal("/caller", resolver.BaseDirectoryOf("${repo}/.env"));
        Assert.Equal("/caller", resolver.BaseDirectoryOf("${inRepo}"));
        Assert.Null(resolver.BaseDirectoryOf("${fixedDir}/${repo}"));
        Assert.Null(resolver.BaseDirectoryOf("./${repo}"));
        Assert.Null(resolver.BaseDirectoryOf("$${repo}"));
    }
}
