using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.AlertRouting;
using Readiness.Core.Checks.PrometheusRules;

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
    public void Arbitrary_rule_files_never_throw()
    {
        foreach (var gen in new[] { YamlLike, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text => { RuleFileReader.Parse("r.yaml", text ?? ""); }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_alertmanager_configs_never_throw_anything_but_a_config_error()
    {
        foreach (var gen in new[] { YamlLike, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text =>
            {
                try { AlertmanagerConfig.Parse(text ?? "").ReceiversFor(new Dictionary<string, string> { ["a"] = "b" }); }
                catch (AlertmanagerConfigException) { }
            }).QuickCheckThrowOnFailure();
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
    public void Bad_configurations_name_the_problem(string yaml, string reason)
    {
        var ex = Assert.Throws<AlertmanagerConfigException>(() => AlertmanagerConfig.Parse(yaml));
        Assert.Contains(reason, ex.Message);
    }
}
