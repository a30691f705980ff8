namespace Readiness.Core.Tests.Checklists;

/// <summary>Paths of files shipped in the repository (checklists/, samples/) and of the seed copies next to these tests.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Checklist(string name) => Path.Combine(Root, "checklists", name);

    /// <summary>Verbatim copies of /work/shared/seeds, so the suite runs on a fresh clone.</summary>
    public static string Seed(string prefix) =>
        Directory.GetFiles(Path.Combine(Root, "tests", "Readiness.Core.Tests", "Checklists", "Seeds"), prefix + "_*.txt").Single();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReadinessModule.sln"))) return dir.FullName;
        throw new InvalidOperationException("ReadinessModule.sln not found above the test assembly.");
    }
}
