using System.Collections;
using System.Management.Automation;

namespace Readiness.PowerShell.Tests;

/// <summary>The module manifest as pwsh reads it (Test-ModuleManifest, Import-PowerShellDataFile) describes the layout that ships.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class ManifestContractTests(PowerShellSession pwsh)
{
    private static readonly Dictionary<string, object?> ManifestPath = new() { ["Path"] = ModuleLayout.ManifestPath };

    private PSModuleInfo Tested => pwsh.Run("param($Path) Test-ModuleManifest -Path $Path", ManifestPath).Single<PSModuleInfo>();

    private Hashtable Data => pwsh.Run("param($Path) Import-PowerShellDataFile -Path $Path", ManifestPath).Single<Hashtable>();

    private static IReadOnlyList<string> Strings(object? value) => value switch
    {
        null => Array.Empty<string>(),
        PSObject wrapped => Strings(wrapped.BaseObject),
        string s => new[] { s },
        IEnumerable many => many.Cast<object?>().Select(v => Assert.IsType<string>(v is PSObject p ? p.BaseObject : v)).ToList(),
        _ => throw new Xunit.Sdk.XunitException($"expected a string or an array of strings, got {value.GetType().Name}"),
    };

    // scripts/package.sh stamps ModuleVersion and Prerelease from <Version> in Directory.Build.props; the rest ships as written.
    private static string Unstamped(string manifest) =>
        System.Text.RegularExpressions.Regex.Replace(manifest, @"^( *(?:ModuleVersion|Prerelease) *= *)'[^']*'", "$1''", System.Text.RegularExpressions.RegexOptions.Multiline);

    [Fact]
    public void ShippedManifestIsTheOneInTheRepository() =>
        Assert.Equal(Unstamped(File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot, "module", "Readiness.psd1"))), Unstamped(File.ReadAllText(ModuleLayout.ManifestPath)));

    [Fact]
    public void ManifestHasVersionGuidAndTargetsPowerShell74Core()
    {
        var m = Tested;
        Assert.True(m.Version > new Version(0, 0), "ModuleVersion must be a version.");
        Assert.NotEqual(Guid.Empty, m.Guid);
        Assert.Equal(new Version(7, 4), m.PowerShellVersion);
        Assert.Equal(new[] { "Core" }, m.CompatiblePSEditions);
        Assert.False(string.IsNullOrWhiteSpace(m.Description));
    }

    [Fact]
    public void CmdletsToExportEqualsTheCompiledCmdlets()
    {
        var exported = Tested.ExportedCmdlets.Keys.Order(StringComparer.Ordinal).ToList();
        var compiled = CmdletCatalog.Instance.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(exported.SequenceEqual(compiled),
            $"CmdletsToExport and the compiled cmdlets differ. Missing from the manifest: {string.Join(", ", compiled.Except(exported))}; " +
            $"exported but not compiled: {string.Join(", ", exported.Except(compiled))}.");
    }

    [Theory]
    [InlineData("CmdletsToExport")]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void ExportsAreExplicitNeverWildcards(string key)
    {
        var data = Data;
        Assert.True(data.ContainsKey(key), $"{key} must be present (an absent key exports everything).");
        Assert.DoesNotContain(Strings(data[key]), n => n.Contains('*') || n.Contains('?'));
    }

    [Fact]
    public void ModuleAndAssemblyPathsExistInTheLayout()
    {
        var data = Data;
        Assert.Equal("Readiness.PowerShell.dll", data["RootModule"]);
        Assert.Contains("Readiness.Model.dll", Strings(data["RequiredAssemblies"]));
        Assert.Contains("Readiness.format.ps1xml", Strings(data["FormatsToProcess"]));
        var paths = new[] { "RootModule", "NestedModules", "RequiredAssemblies", "FormatsToProcess", "TypesToProcess" }.SelectMany(k => Strings(data[k]));
        foreach (var path in paths)
            Assert.True(File.Exists(Path.Combine(ModuleLayout.ModuleFolder, path)), $"The manifest names {path}, which is not in out/Readiness/.");
    }

    [Fact]
    public void EngineAndThirdPartyAssembliesShipOnlyInDependencies()
    {
        var root = Directory.GetFiles(ModuleLayout.ModuleFolder, "*.dll").Select(Path.GetFileName).OrderBy(n => n).ToList();
        Assert.Equal(new[] { "Readiness.Model.dll", "Readiness.PowerShell.dll" }, root);
        var dependencies = Directory.GetFiles(ModuleLayout.DependencyFolder, "*.dll").Select(Path.GetFileName).ToList();
        Assert.Contains("Readiness.Core.dll", dependencies);
        Assert.Contains("YamlDotNet.dll", dependencies);
        Assert.DoesNotContain("Readiness.Model.dll", dependencies);
        Assert.DoesNotContain("System.Management.Automation.dll", dependencies);
    }
}
