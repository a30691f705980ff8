using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.AlertRouting;
using Readiness.Core.Checks.PrometheusRules;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.PrometheusRules;

/// <summary>Arbitrary rule files and Alertmanager configurations give findings or the documented error, nothing else.</summary>
public sealed class RuleFilePropertyTests
{
    private static readonly Gen<string> YamlLike = Gen.Elements(
            "groups:", "\n", "  ", "- ", "name: g", "rules:", "alert: A", "record: r", "expr: ", "up", "sum(", ")", "for: ", "5m", "x",
            "labels:", "annotations:", "severity: critical", "{", "}", "[", "]", ":", "\"", "'", "---\n", "kind: PrometheusRule", "spec:",
            "route:", "receiver: a", "receivers:", "matchers:", "match_re:", "continue: true", "routes:", "&a", "*a", "!!map", "|", ">")
        .ArrayOf().Select(string.Concat);

    [Fact]
    public void Text_that_makes_YamlDotNet_throw_InvalidOperationException_is_an_invalid_YAML_finding()
    {
        var report = RuleFileReader.Parse("r.yaml", "annotations:receivers:for: \n[\ncontinue: true");
        Assert.Contains(report.Findings, f => f.IsError && f.Message.StartsWith("invalid YAML"));
    }

    [Fact]
    public void Arbitrary_rule_files_never_throw()
    {
        foreach (var gen in new[] { YamlLike, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text => { RuleFileReader.Parse("r.yaml", text ?? ""); }).Check(PropertyRuns.Fixed(500));
    }

    [Fact]
    public void Arbitrary_alertmanager_configs_never_throw_anything_but_a_config_error()
    {
        foreach (var gen in new[] { YamlLike, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text =>
            {
                try { AlertmanagerConfig.Parse(text ?? "").ReceiversFor(new Dictionary<string, string> { ["a"] = "b" }); }
                catch (AlertmanagerConfigException) { }
            }).Check(PropertyRuns.Fixed(500));
    }
}

public sealed class AlertmanagerConfigErrorTests
{
    [Theory]
    [InlineData("route:\n  receiver: a\n  routes:\n    - match: {[x]: y}\nreceivers: [{name: a}]\n", "match label name must be a string")]
    [InlineData("route:\n  receiver: a\n  routes:\n    - matchers: ['x=~\"(\"']\nreceivers: [{name: a}]\n", "invalid regular expression")]
    [InlineData("route:\n  receiver: a\n  matchers: [x=y]\nreceivers: [{name: a}]\n", "root route must not have any matchers")]
    [InlineData("route:\n  routes: []\nreceivers: [{name: a}]\n", "root route must have a receiver")]
    [InlineData("route: [\n", "invalid YAML")]
    [InlineData("annotations:receivers:for: \n[\ncontinue: true", "invalid YAML")]
    public void Bad_configurations_name_the_problem(string yaml, string reason)
    {
        var ex = Assert.Throws<AlertmanagerConfigException>(() => AlertmanagerConfig.Parse(yaml));
        Assert.Contains(reason, ex.Message);
    }
}
