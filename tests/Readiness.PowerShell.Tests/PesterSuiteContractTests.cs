using System.Text.RegularExpressions;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// The Pester suite cannot run here (no pwsh), so its shape is checked instead: one file per exported cmdlet with a
/// Describe for it, importing the packaged module under the strict settings every file must use.
/// </summary>
public sealed class PesterSuiteContractTests
{
    private static readonly string PesterFolder = Path.Combine(ModuleLayout.RepositoryRoot, "tests", "pester");

    public static IEnumerable<object[]> AllCmdlets() => CmdletContractTests.AllCmdlets();

    [Theory, MemberData(nameof(AllCmdlets))]
    public void EveryCmdletHasAPesterFileWithADescribeForIt(string name)
    {
        var path = Path.Combine(PesterFolder, name + ".Tests.ps1");
        Assert.True(File.Exists(path), $"tests/pester/{name}.Tests.ps1 is missing.");
        var text = File.ReadAllText(path);
        Assert.Matches(new Regex(@"(?m)^\s*Describe\s+['""]" + Regex.Escape(name) + @"\b"), text);
        Assert.Matches(new Regex(@"\bIt\s+['""]"), text);
    }

    [Fact]
    public void EveryPesterFileImportsThePackagedModuleStrictly()
    {
        foreach (var path in Directory.GetFiles(PesterFolder, "*.Tests.ps1"))
        {
            var text = File.ReadAllText(path);
            var file = Path.GetFileName(path);
            Assert.True(text.Contains("BeforeAll", StringComparison.Ordinal), $"{file}: no BeforeAll.");
            Assert.True(Regex.IsMatch(text, @"Import-Module\s+[""']\$PSScriptRoot/\.\./\.\./out/Readiness/Readiness\.psd1[""']"),
                $"{file}: must import \"$PSScriptRoot/../../out/Readiness/Readiness.psd1\" (the packaged module), not the build output.");
            Assert.True(Regex.IsMatch(text, @"Set-StrictMode\s+-Version\s+Latest"), $"{file}: Set-StrictMode -Version Latest is missing.");
            Assert.True(Regex.IsMatch(text, @"\$ErrorActionPreference\s*=\s*['""]Stop['""]"), $"{file}: $ErrorActionPreference = 'Stop' is missing.");
        }
    }
}
