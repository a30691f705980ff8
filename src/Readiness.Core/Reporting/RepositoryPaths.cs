namespace Readiness.Core.Reporting;

/// <summary>
/// The repository a report's files belong to, and each result file's path inside it: what GitHub annotations, Azure
/// DevOps issues, SARIF and JUnit name, so a finding attaches to the file in the pull request. The root is the CI
/// checkout (GITHUB_WORKSPACE, else BUILD_SOURCESDIRECTORY), else the Git top level above the first result file
/// (the folder holding <c>.git</c>, a folder or, in a worktree or submodule, a file), else the current folder. Checks set <see cref="CheckResult.File"/>
/// to the absolute path; a relative one (an older report, a hand-built result) is kept as it is.
/// </summary>
public sealed class RepositoryPaths
{
    private readonly string? _root;

    public RepositoryPaths(string? root) =>
        _root = string.IsNullOrWhiteSpace(root) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    /// <summary>The repository root, absolute, without a trailing separator; null when none was found.</summary>
    public string? Root => _root;

    public static RepositoryPaths Detect(ReadinessReport report, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var ci = new[] { "GITHUB_WORKSPACE", "BUILD_SOURCESDIRECTORY" }.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (ci is not null) return new RepositoryPaths(ci);
        var first = report.Results.Select(r => r.File).FirstOrDefault(f => !string.IsNullOrEmpty(f) && Path.IsPathRooted(f));
        var start = first is not null ? Path.GetDirectoryName(first)
            : report.ChecklistPath is { } checklist && Path.IsPathRooted(checklist) ? Path.GetDirectoryName(checklist) : null;
        // Outside a repository, the folder the run started in, as annotations were named before there was a root.
        return new RepositoryPaths((start is null ? null : GitTopLevel(start)) ?? Directory.GetCurrentDirectory());
    }

    /// <summary>The nearest folder at or above <paramref name="folder"/> that holds <c>.git</c>; null outside a repository.</summary>
    public static string? GitTopLevel(string folder)
    {
        for (var dir = Path.GetFullPath(folder); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var git = Path.Combine(dir, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return dir;
        }
        return null;
    }

    /// <summary>
    /// The path of <paramref name="file"/> relative to the root with forward slashes; a relative path as given (slashes
    /// made forward); an absolute path outside the root (or with no root) unchanged.
    /// </summary>
    public string Of(string file)
    {
        if (!Path.IsPathRooted(file)) return file.Replace('\\', '/');
        if (_root is null) return file;
        var relative = Path.GetRelativePath(_root, Path.GetFullPath(file));
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative.Replace('\\', '/');
    }

    /// <summary>Whether <see cref="Of"/> gives a path inside the repository (relative), which is what CI systems attach to files.</summary>
    public bool IsInside(string file) => !Path.IsPathRooted(Of(file));

    /// <summary>The absolute file on this machine, for reading its content (line hashes); null when it cannot be known.</summary>
    public string? FullPath(string file) =>
        Path.IsPathRooted(file) ? file : _root is null ? null : Path.GetFullPath(Path.Combine(_root, file));
}
