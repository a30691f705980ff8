using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Readiness.PowerShell.Loading;

/// <summary>
/// The module's private load context: the engine (Readiness.Core) and every third-party library it uses load from
/// the module's <c>Dependencies/</c> folder into this context, so another module's copy of YamlDotNet, Npgsql or
/// AWSSDK in the same pwsh session cannot clash with ours (the documented "resolving assembly conflicts" pattern).
/// Readiness.Model is deliberately left to the default context: the objects users see in the pipeline must be the
/// same types that format views, <c>-is</c> checks and type literals resolve.
/// </summary>
public sealed class ReadinessLoadContext : AssemblyLoadContext
{
    /// <summary>Assemblies shared with the default context; never loaded from Dependencies/ even if a copy is there.</summary>
    public static readonly IReadOnlyCollection<string> SharedAssemblies = new[] { "Readiness.Model", "System.Management.Automation" };

    public ReadinessLoadContext(string dependencyFolder) : base("Readiness", isCollectible: false)
    {
        DependencyFolder = Path.GetFullPath(dependencyFolder);
    }

    public string DependencyFolder { get; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null) return null;
        if (SharedAssemblies.Contains(assemblyName.Name, StringComparer.OrdinalIgnoreCase))
        {
            // The copy pwsh already loaded (RequiredAssemblies loads Readiness.Model by path), handed over explicitly
            // so sharing does not depend on how the default context caches path-loaded assemblies; else fall back.
            return Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, assemblyName.Name, StringComparison.OrdinalIgnoreCase));
        }
        var path = ManagedPath(assemblyName.Name);
        // Null falls back to the default context: framework assemblies and anything we do not ship.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeCandidates(unmanagedDllName))
            if (File.Exists(candidate)) return LoadUnmanagedDllFromPath(candidate);
        return IntPtr.Zero;
    }

    private string? ManagedPath(string name)
    {
        var direct = Path.Combine(DependencyFolder, name + ".dll");
        if (File.Exists(direct)) return direct;
        // RID-specific managed builds that `dotnet publish` without a runtime keeps under runtimes/<rid>/lib/<tfm>/.
        var ridFolder = Path.Combine(DependencyFolder, "runtimes", RuntimeIdentifierFamily(), "lib");
        if (!Directory.Exists(ridFolder)) return null;
        return Directory.EnumerateFiles(ridFolder, name + ".dll", SearchOption.AllDirectories).OrderByDescending(p => p, StringComparer.Ordinal).FirstOrDefault();
    }

    private IEnumerable<string> NativeCandidates(string name)
    {
        var native = Path.Combine(DependencyFolder, "runtimes", RuntimeIdentifierFamily(), "native");
        var fileNames = new[] { name, $"lib{name}.so", $"{name}.so", $"lib{name}.dylib", $"{name}.dll" };
        foreach (var file in fileNames)
        {
            yield return Path.Combine(DependencyFolder, file);
            yield return Path.Combine(native, file);
        }
    }

    private static string RuntimeIdentifierFamily()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return $"{os}-{arch}";
    }
}
