using System.Reflection;
using System.Runtime.Loader;

namespace Readiness.PowerShell.Loading;

/// <summary>
/// The default context's Resolving handler. Readiness.PowerShell.dll (default context) references Readiness.Core
/// and Readiness.Sample, which are not beside it; when the runtime fails to find one, this handler hands back the
/// copy loaded in the private <see cref="ReadinessLoadContext"/>. It resolves ONLY those two: every other dependency
/// is then found by the private context itself, so the default context never sees our YamlDotNet or Npgsql.
/// Kept free of System.Management.Automation so tests can drive it without pwsh.
/// </summary>
public static class ModuleAssemblyResolver
{
    public const string EngineAssemblyName = "Readiness.Core";
    /// <summary>The sample target behind Start-ReadinessSample; shipped in Dependencies/ like the engine it uses.</summary>
    public const string SampleAssemblyName = "Readiness.Sample";
    private static readonly object Gate = new();
    private static ReadinessLoadContext? _context;
    private static bool _registered;

    /// <summary>Dependencies/ beside the module assembly.</summary>
    public static string DefaultDependencyFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location) ?? ".", "Dependencies");

    /// <summary>The private context; created once per process (assemblies cannot be unloaded from a non-collectible context).</summary>
    public static ReadinessLoadContext Context
    {
        get
        {
            lock (Gate) return _context ??= new ReadinessLoadContext(DefaultDependencyFolder);
        }
    }

    /// <summary>Uses <paramref name="context"/> instead of the default one; for tests that load a given layout.</summary>
    public static void Register(ReadinessLoadContext? context = null)
    {
        lock (Gate)
        {
            if (context is not null) _context = context;
            if (_registered) return;
            AssemblyLoadContext.Default.Resolving += Resolve;
            _registered = true;
        }
    }

    public static void Unregister()
    {
        lock (Gate)
        {
            if (!_registered) return;
            AssemblyLoadContext.Default.Resolving -= Resolve;
            _registered = false;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext defaultContext, AssemblyName name) =>
        string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal) || string.Equals(name.Name, SampleAssemblyName, StringComparison.Ordinal)
            ? Context.LoadFromAssemblyName(name)
            : null;
}
