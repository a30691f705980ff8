using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>What a user reads for a bad metrics item: the binder's text for the record, the check's for require entries.</summary>
public sealed class MetricsParameterTests
{
    [Fact]
    public async Task An_unknown_format_a_bad_timeout_and_a_require_entry_with_a_typo_name_the_parameter()
    {
        var format = await CheckHarness.RunCheckAsync("metrics", new() { ["file"] = "metrics.txt", ["format"] = "protobuf" }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Error, format.Status);
        Assert.Equal("Item 'obs.item': parameter 'format' must be one of auto, text, openmetrics.", format.Message);

        var timeout = await CheckHarness.RunCheckAsync("metrics", new() { ["file"] = "metrics.txt", ["timeout"] = "-5s" }, ObservabilityItem.Run);
        Assert.Equal("Item 'obs.item': parameter 'timeout' must be a duration such as 30s, 5m, 2h or 7d.", timeout.Message);

        var typo = await CheckHarness.RunCheckAsync("metrics", new()
        {
            ["file"] = "metrics.txt", ["require"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "up", ["nonzero"] = true } },
        }, ObservabilityItem.Run);
        Assert.Equal("Item 'obs.item': parameter 'require[0].nonzero' must be one of name, pattern, type, labels, nonZero, description.", typo.Message);
    }

    [Fact]
    public async Task A_prometheus_check_without_job_or_instance_says_which_is_needed()
    {
        var result = await CheckHarness.RunCheckAsync("metrics", new() { ["prometheus"] = "http://127.0.0.1:9" }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal("Item 'obs.item': parameter 'job' is required (the Prometheus job (or instance) that scrapes the service, with prometheus).", result.Message);
    }
}
