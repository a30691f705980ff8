using System.Diagnostics;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// The built module in out/Readiness/ as scripts/package.sh lays it out. The tests read that layout, not the
/// build output, because the layout is what pwsh imports. When it is missing, or older than its sources, it is
/// rebuilt once per test run with scripts/package.sh.
/// </summary>
public static class ModuleLayout
{
    private static readonly Lazy<string> Built = new(EnsureBuilt, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>out/Readiness, built if missing.</summary>
    public static string ModuleFolder => Built.Value;

    public static string DependencyFolder => Path.Combine(ModuleFolder, "Dependencies");
    public static string ManifestPath => Path.Combine(ModuleFolder, "Readiness.psd1");
    public static string FormatPath => Path.Combine(ModuleFolder, "Readiness.format.ps1xml");
    public static string ModuleAssemblyPath => Path.Combine(ModuleFolder, "Readiness.PowerShell.dll");
    public static string MamlPath => Path.Combine(ModuleFolder, "en-US", "Readiness.PowerShell.dll-Help.xml");
    public static string DocsFolder => Path.Combine(RepositoryRoot, "docs", "cmdlets");

    /// <summary>pwsh's System.Management.Automation.dll from Microsoft.PowerShell.SDK (never shipped with the module).</summary>
    public static string PowerShellReferenceAssembly => typeof(System.Management.Automation.PSObject).Assembly.Location;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReadinessModule.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ReadinessModule.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Newest input of the layout, so a layout older than its sources is rebuilt instead of tested stale.</summary>
    private static DateTime NewestSource()
    {
        IEnumerable<string> Files(string folder, string pattern) =>
            Directory.Exists(Path.Combine(RepositoryRoot, folder))
                ? Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), pattern, SearchOption.AllDirectories)
                    .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                : Enumerable.Empty<string>();
        return Files("module", "*").Concat(Files("docs", "*.md"))
            .Concat(Files("src/Readiness.PowerShell", "*.cs")).Concat(Files("src/Readiness.Model", "*.cs")).Concat(Files("src/Readiness.Core", "*.cs")).Concat(Files("src/Readiness.Sample", "*.cs"))
            .Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
    }

    private static string EnsureBuilt()
    {
        var folder = Path.Combine(RepositoryRoot, "out", "Readiness");
        var built = Path.Combine(folder, "Readiness.PowerShell.dll");
        if (File.Exists(built) && File.Exists(Path.Combine(folder, "Readiness.psd1")) && NewestSource() <= File.GetLastWriteTimeUtc(built)) return folder;
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var script = Path.Combine(RepositoryRoot, "scripts", "package.sh");
        var start = new ProcessStartInfo("bash", new[] { script, configuration })
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash to run scripts/package.sh.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(folder, "Readiness.PowerShell.dll")))
            throw new InvalidOperationException(
                $"out/Readiness is missing or stale and `bash scripts/package.sh {configuration}` failed (exit {process.ExitCode}); run it by hand to see why.\n{stdout}\n{stderr.Result}");
        return folder;
    }
}
