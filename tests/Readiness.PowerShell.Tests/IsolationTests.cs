using System.Reflection;
using System.Runtime.Loader;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// The shipped layout loads through the module's own load context while this process already has a different
/// YamlDotNet (15.3.0, referenced by this test project) in the default context, as another module would in pwsh.
/// </summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task EngineRunsInThePrivateContextBesideAnotherYamlDotNet()
    {
        // Another "module's" YamlDotNet, loaded and used in the default context first.
        var theirs = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>("a: b");
        Assert.Equal("b", theirs["a"]);
        var theirYaml = typeof(YamlDotNet.Serialization.Deserializer).Assembly;
        Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(theirYaml));

        // The module's own code, from the shipped root, as pwsh loads it (default context, by path).
        var moduleAssembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(ModuleLayout.ModuleAssemblyPath);
        var contextType = moduleAssembly.GetType("Readiness.PowerShell.Loading.ReadinessLoadContext", throwOnError: true)!;
        var context = (AssemblyLoadContext)Activator.CreateInstance(contextType, ModuleLayout.DependencyFolder)!;
        var resolver = moduleAssembly.GetType("Readiness.PowerShell.Loading.ModuleAssemblyResolver", throwOnError: true)!;
        resolver.GetMethod("Register")!.Invoke(null, new object?[] { context });
        try
        {
            // What a cmdlet's first call into the engine does: the default context cannot find Readiness.Core
            // beside the module, so the registered handler hands back the private context's copy.
            var core = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("Readiness.Core"));
            Assert.Same(context, AssemblyLoadContext.GetLoadContext(core));
            Assert.StartsWith(ModuleLayout.DependencyFolder, core.Location);

            // Run a checklist through the engine, by reflection (this test project has no compile-time engine reference).
            using var temp = new TempChecklist();
            var session = core.GetType("Readiness.Core.Running.ReadinessSession", throwOnError: true)!;
            var load = session.GetMethod("Load")!;
            var checklist = (Checklist)load.Invoke(null, new object?[] { temp.Path, null, null, (Func<string, string?>)(_ => null) })!;
            var runner = Activator.CreateInstance(core.GetType("Readiness.Core.Running.ChecklistRunner", throwOnError: true)!, new object?[] { null })!;
            var run = runner.GetType().GetMethod("RunAsync")!;
            var task = (Task<ReadinessReport>)run.Invoke(runner, new object?[] { checklist, null, null, CancellationToken.None })!;
            var report = await task;

            // The objects users see are the default context's Readiness.Model types: the cast above worked, and:
            Assert.Same(typeof(ReadinessReport).Assembly, report.GetType().Assembly);
            Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(report.GetType().Assembly));
            var result = Assert.Single(report.Results);
            Assert.Equal(CheckStatus.Passed, result.Status);
            Assert.Equal("isolation.yaml-loaded", result.Id);

            // Two YamlDotNets coexist: the engine's from Dependencies/ in the private context, ours in the default one.
            var ourYaml = context.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
            Assert.NotSame(theirYaml, ourYaml);
            Assert.Equal(new Version(15, 0, 0, 0), theirYaml.GetName().Version);
            Assert.Equal(new Version(18, 0, 0, 0), ourYaml.GetName().Version);
            Assert.StartsWith(ModuleLayout.DependencyFolder, ourYaml.Location);
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Readiness.Core");
            Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Readiness.Model");
        }
        finally
        {
            resolver.GetMethod("Unregister")!.Invoke(null, null);
        }
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
