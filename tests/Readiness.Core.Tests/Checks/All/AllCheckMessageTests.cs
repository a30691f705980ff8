using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.All;

/// <summary>An `all` check whose parts fail for the same reason says that reason once.</summary>
public sealed class AllCheckMessageTests
{
    [Fact]
    public async Task Two_probes_of_one_unreachable_endpoint_report_it_once()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/v1/artifacts/verify";
        Dictionary<string, object?> Probe(object status) => new() { ["type"] = "http", ["method"] = "POST", ["url"] = url, ["status"] = status };
        var item = new ChecklistItem
        {
            Id = "signing.artifact-verification-endpoint", Title = "verify", Severity = Severity.High,
            Check = new CheckSpec { Type = "all", Parameters = { ["checks"] = new List<object?> { Probe(200L), Probe(new List<object?> { 400L, 422L }) } } },
        };
        var result = await CheckHarness.RunItemAsync(item, new RunEnvironment(Path.GetTempPath()), CancellationToken.None);

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(result.Message, "could not be reached"));
        Assert.Equal(url, result.Target);
    }
}
