using Readiness.Core.Checklists;

namespace Readiness.Core.Tests.Checklists;

public sealed class VariableResolverTests
{
    private static VariableResolver Resolver(Dictionary<string, string> defaults, Dictionary<string, string>? explicitValues = null) =>
        new VariableResolver(explicitValues, null, _ => null).WithDefaults(defaults);

    [Fact]
    public void A_default_may_refer_to_another_variable_and_follows_its_override()
    {
        var defaults = new Dictionary<string, string> { ["repo"] = "../samples/diffver", ["envFile"] = "${repo}/.env" };
        var undefined = new List<string>();
        Assert.Equal("../samples/diffver/.env", Resolver(defaults).Substitute("${envFile}", undefined.Add));
        Assert.Equal("/srv/x/.env", Resolver(defaults, new() { ["repo"] = "/srv/x" }).Substitute("${envFile}", undefined.Add));
        Assert.Empty(undefined);
        Assert.Equal("/srv/x/.env", Resolver(defaults, new() { ["repo"] = "/srv/x" }).Effective()["envFile"]);
    }

    [Fact]
    public void A_circular_reference_is_reported_instead_of_looping()
    {
        var undefined = new List<string>();
        Resolver(new() { ["a"] = "${b}", ["b"] = "${a}" }).Substitute("${a}", undefined.Add);
        Assert.Contains("a", undefined);
    }

    [Fact]
    public void An_escaped_reference_inside_a_value_stays_literal()
    {
        Assert.Equal("${x}", Resolver(new() { ["v"] = "$${x}" }).Substitute("${v}", _ => throw new Exception("undefined")));
    }
}
