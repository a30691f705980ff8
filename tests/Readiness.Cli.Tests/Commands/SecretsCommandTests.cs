using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests.Commands;

/// <summary>`readiness secrets`: exit 1 on a finding, 0 when clean, and SARIF with one result per finding.</summary>
public sealed class SecretsCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-secrets-" + Guid.NewGuid().ToString("N")[..10]);

    public SecretsCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    // Built at run time so this file holds no secret-shaped literal.
    private static readonly string Token = "gh" + "p_" + string.Concat(Enumerable.Range(0, 36).Select(i => "aB3dE5gH7k"[i * 7 % 10]));

    [Fact]
    public void A_folder_with_a_token_exits_1_and_writes_sarif_without_the_token()
    {
        File.WriteAllText(Path.Combine(_dir, "deploy.sh"), "#!/bin/sh\nexport GITHUB_TOKEN=" + Token + "\n");
        var run = CliRunner.Invoke(_dir, "secrets", ".", "--format", "sarif", "--output", "out.sarif");
        Assert.Equal(1, run.ExitCode);
        var sarif = File.ReadAllText(Path.Combine(_dir, "out.sarif"));
        Assert.DoesNotContain(Token[4..], sarif);
        using var doc = JsonDocument.Parse(sarif);
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Equal("github-pat", result.GetProperty("ruleId").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("deploy.sh", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(2, location.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void A_clean_folder_exits_0()
    {
        File.WriteAllText(Path.Combine(_dir, ".env.example"), "GITHUB_TOKEN=<your-token>\n");
        var run = CliRunner.Invoke(_dir, "secrets", ".");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No secrets found", run.Out);
    }
}
