using System.Reflection;
using System.Runtime.Loader;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// The packaged module, imported into a pwsh runspace in this process, runs its engine in its own load context while
/// the default context already has a different YamlDotNet (15.3.0, referenced by this test project and loaded
/// before the module; see <see cref="PowerShellSession"/>), as another module would in a pwsh session.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class IsolationTests(PowerShellSession pwsh)
{
    [Fact]
    public void EngineRunsInThePrivateContextBesideAnotherYamlDotNet()
    {
        // The other "module's" YamlDotNet works in the default context.
        var theirs = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>("a: b");
        Assert.Equal("b", theirs["a"]);
        var theirYaml = typeof(YamlDotNet.Serialization.Deserializer).Assembly;
        Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(theirYaml));

        // A checklist run through the cmdlet: the engine parses the YAML with its own YamlDotNet.
        using var temp = new TempChecklist();
        var report = pwsh.Run("param($Path) Get-ReadinessReport -Checklist $Path", new Dictionary<string, object?> { ["Path"] = temp.Path })
            .Single<ReadinessReport>();

        // The objects users see are the default context's Readiness.Model types: the cast above worked, and:
        Assert.Same(typeof(ReadinessReport).Assembly, report.GetType().Assembly);
        Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(report.GetType().Assembly));
        var result = Assert.Single(report.Results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("isolation.yaml-loaded", result.Id);

        // The engine came from Dependencies/ into the module's private context, never the default one.
        var core = Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Readiness.Core");
        var context = AssemblyLoadContext.GetLoadContext(core)!;
        Assert.Equal("ReadinessLoadContext", context.GetType().Name);
        Assert.StartsWith(ModuleLayout.DependencyFolder, core.Location);

        // Two YamlDotNets coexist: the engine's from Dependencies/ in the private context, ours in the default one.
        var ourYaml = context.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
        Assert.NotSame(theirYaml, ourYaml);
        Assert.Equal(new Version(15, 0, 0, 0), theirYaml.GetName().Version);
        Assert.Equal(new Version(18, 0, 0, 0), ourYaml.GetName().Version);
        Assert.StartsWith(ModuleLayout.DependencyFolder, ourYaml.Location);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Readiness.Core");
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Readiness.Model");
    }

    [Fact]
    public void PrivateContextLeavesTheModelAndUnknownAssembliesToTheDefaultContext()
    {
        var moduleAssembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(ModuleLayout.ModuleAssemblyPath);
        var contextType = moduleAssembly.GetType("Readiness.PowerShell.Loading.ReadinessLoadContext", throwOnError: true)!;
        var context = (AssemblyLoadContext)Activator.CreateInstance(contextType, ModuleLayout.DependencyFolder)!;
        // Readiness.Model resolves to the default context's copy even when asked through the private context.
        Assert.Same(typeof(CheckResult).Assembly, context.LoadFromAssemblyName(new AssemblyName("Readiness.Model")));
        // Framework assemblies fall through to the runtime's.
        Assert.Same(typeof(Uri).Assembly, context.LoadFromAssemblyName(typeof(Uri).Assembly.GetName()));
    }

    private sealed class TempChecklist : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("readiness-isolation-").FullName;

        public TempChecklist()
        {
            Path = System.IO.Path.Combine(_folder, "isolation.yaml");
            File.WriteAllText(System.IO.Path.Combine(_folder, ".env"), "MODE=production\n");
            File.WriteAllText(Path, """
                schemaVersion: 1
                name: isolation
                items:
                  - id: isolation.yaml-loaded
                    section: Isolation
                    title: The engine parsed this YAML with its own YamlDotNet.
                    severity: high
                    check:
                      type: env
                      source: dotenv
                      file: .env
                      name: MODE
                      equals: production
                """);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
