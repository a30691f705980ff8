using Readiness.Core.Checklists;

namespace Readiness.Core.Tests.Checks.Health;

/// <summary>A password written into a checklist would be copied into every report source and evidence bundle.</summary>
public sealed class LiteralPasswordTests
{
    private static ChecklistException Refused(string check) => Assert.Throws<ChecklistException>(() => Load(check));

    private static Checklist Load(string check) => new ChecklistLoader().LoadText(
        "schemaVersion: 1\nname: x\nvariables: { pw: from-a-variable }\nitems:\n  - id: db\n    section: S\n    title: t\n    severity: high\n" + check,
        "db.yaml", new VariableResolver(null, null, _ => null));

    [Theory]
    [InlineData("Host=127.0.0.1;Username=app;Password=hunter2hunter2;Database=app")]
    [InlineData("Host=127.0.0.1;Username=app;password = 'hunter2 hunter2'")]
    [InlineData("Host=127.0.0.1;Username=app;PWD=hunter2hunter2")]
    [InlineData("postgres://app:hunter2hunter2@127.0.0.1:5432/app")]
    public void A_literal_postgres_password_is_refused_at_load_with_its_position(string connectionString)
    {
        var ex = Refused($"    check:\n      type: health\n      postgres: \"{connectionString}\"\n");
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("db.yaml", 11, 17), (error.File, error.Line, error.Column));
        Assert.Contains("literal password", error.Message);
        Assert.Contains("Use a variable", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void A_literal_password_inside_an_all_item_is_refused_too()
    {
        var ex = Refused("    check:\n      type: all\n      checks:\n        - { type: health, postgres: \"Host=h;Username=u;Password=hunter2hunter2\" }\n");
        Assert.Contains("literal password", Assert.Single(ex.Errors).ToString());
        Assert.StartsWith("db.yaml:12:", ex.Errors[0].ToString());
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Username=app;Password=${pw}")]
    [InlineData("Host=127.0.0.1;Username=app;Database=app")]
    [InlineData("postgres://app:${pw}@127.0.0.1/app")]
    public void A_password_from_a_variable_or_none_at_all_loads(string connectionString)
    {
        var checklist = Load($"    check:\n      type: health\n      postgres: \"{connectionString}\"\n      passwordEnv: PGPW\n");
        Assert.Single(checklist.Items);
    }
}
