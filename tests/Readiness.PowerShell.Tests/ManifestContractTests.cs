namespace Readiness.PowerShell.Tests;

/// <summary>The module manifest parses as a data file and describes the layout that ships.</summary>
public sealed class ManifestContractTests
{
    private static Dictionary<string, object?> Manifest => PowerShellDataFile.ReadFile(ModuleLayout.ManifestPath);

    private static IReadOnlyList<string> Strings(object? value) => value switch
    {
        null => Array.Empty<string>(),
        string s => new[] { s },
        List<object?> list => list.Select(v => Assert.IsType<string>(v)).ToList(),
        _ => throw new Xunit.Sdk.XunitException($"expected a string or an array of strings, got {value.GetType().Name}"),
    };

    [Fact]
    public void ShippedManifestIsTheOneInTheRepository() =>
        Assert.Equal(File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot, "module", "Readiness.psd1")), File.ReadAllText(ModuleLayout.ManifestPath));

    [Fact]
    public void ManifestHasVersionGuidAndTargetsPowerShell74Core()
    {
        var m = Manifest;
        Assert.True(Version.TryParse(Assert.IsType<string>(m["ModuleVersion"]), out _), "ModuleVersion must be a version.");
        Assert.True(Guid.TryParse(Assert.IsType<string>(m["GUID"]), out var guid) && guid != Guid.Empty, "GUID must be a fixed, non-empty GUID.");
        Assert.Equal("7.4", m["PowerShellVersion"]);
        Assert.Equal(new[] { "Core" }, Strings(m["CompatiblePSEditions"]));
        Assert.False(string.IsNullOrWhiteSpace(m["Description"] as string));
    }

    [Fact]
    public void CmdletsToExportEqualsTheCompiledCmdlets()
    {
        var exported = Strings(Manifest["CmdletsToExport"]).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var compiled = CmdletCatalog.Instance.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
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
        Assert.True(Manifest.ContainsKey(key), $"{key} must be present (an absent key exports everything).");
        Assert.DoesNotContain(Strings(Manifest[key]), n => n.Contains('*') || n.Contains('?'));
    }

    [Fact]
    public void ModuleAndAssemblyPathsExistInTheLayout()
    {
        var m = Manifest;
        var paths = Strings(m.GetValueOrDefault("RootModule")).Concat(Strings(m.GetValueOrDefault("NestedModules")))
            .Concat(Strings(m.GetValueOrDefault("RequiredAssemblies"))).Concat(Strings(m.GetValueOrDefault("FormatsToProcess")))
            .Concat(Strings(m.GetValueOrDefault("TypesToProcess"))).ToList();
        Assert.Contains("Readiness.PowerShell.dll", Strings(m.GetValueOrDefault("RootModule")).Concat(Strings(m.GetValueOrDefault("NestedModules"))));
        Assert.Contains("Readiness.Model.dll", Strings(m["RequiredAssemblies"]));
        Assert.Contains("Readiness.format.ps1xml", Strings(m["FormatsToProcess"]));
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

    [Fact]
    public void DataFileReaderHandlesManifestSyntaxAndRejectsCode()
    {
        var parsed = PowerShellDataFile.Parse("""
            # comment
            <# block
               comment #>
            @{
                A = 'it''s'; B = "q`"d"
                'C' = @('x'
                        'y', 'z')
                D = 'p', 'q'
                E = @{ Nested = $true; N = 3 }
                F = @()
                G = $null
            }
            """);
        Assert.Equal("it's", parsed["a"]);
        Assert.Equal("q\"d", parsed["B"]);
        Assert.Equal(new object?[] { "x", "y", "z" }, (List<object?>)parsed["C"]!);
        Assert.Equal(new object?[] { "p", "q" }, (List<object?>)parsed["D"]!);
        Assert.Equal(true, ((Dictionary<string, object?>)parsed["E"]!)["nested"]);
        Assert.Equal(3L, ((Dictionary<string, object?>)parsed["E"]!)["N"]);
        Assert.Empty((List<object?>)parsed["F"]!);
        Assert.Null(parsed["G"]);
        Assert.Throws<FormatException>(() => PowerShellDataFile.Parse("@{ A = $env:HOME }"));
        Assert.Throws<FormatException>(() => PowerShellDataFile.Parse("@{ A = \"$(Get-Date)\" }"));
        Assert.Throws<FormatException>(() => PowerShellDataFile.Parse("@{ A = Get-Date }"));
        Assert.Throws<FormatException>(() => PowerShellDataFile.Parse("@{ A = 'x'; A = 'y' }"));
    }
}
