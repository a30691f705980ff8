using Readiness.Core.Checklists;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checklists;

public sealed class ChecklistLoaderTests
{
    private static Checklist Load(string yaml, Dictionary<string, string>? vars = null) =>
        new ChecklistLoader().LoadText(yaml, "test.yaml", new VariableResolver(vars, null, _ => null));

    private const string Valid = """
        schemaVersion: 1
        name: demo
        variables:
          api: http://127.0.0.1:1
        items:
          - id: a.one
            section: A
            title: One
            severity: high
            check:
              type: env
              name: X
              equals: ${api}
          - id: a.two
            section: A
            title: Two
            severity: low
            manual:
              approvers: [SRE]
        """;

    [Fact]
    public void A_valid_checklist_loads_with_variables_substituted()
    {
        var c = Load(Valid, new() { ["api"] = "https://prod" });
        Assert.Equal(2, c.Items.Count);
        Assert.Equal("https://prod", c.Items[0].Check!.Parameters["equals"]);
        Assert.Equal(new[] { "SRE" }, c.Items[1].Manual!.Approvers);
    }

    [Fact]
    public void A_bad_severity_names_line_column_and_allowed_values()
    {
        var ex = Assert.Throws<ChecklistException>(() => Load(Valid.Replace("severity: low", "severity: urgent")));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(17, error.Line);
        Assert.Equal(15, error.Column);
        Assert.Contains("critical, high, medium, low, info", error.Message);
        Assert.StartsWith("test.yaml:17:15:", ex.Message);
    }

    [Fact]
    public void Malformed_yaml_gives_its_line()
    {
        var ex = Assert.Throws<ChecklistException>(() => Load("schemaVersion: 1\nname: x\nitems:\n  - id: a: b\n"));
        Assert.Equal(4, ex.Errors[0].Line);
    }

    [Fact]
    public void An_unknown_check_type_and_parameter_list_what_is_allowed()
    {
        var ex = Assert.Throws<ChecklistException>(() => Load(Valid.Replace("type: env", "type: envv").Replace("equals:", "equal:")));
        Assert.Contains(ex.Errors, e => e.Message.Contains("unknown check type 'envv'") && e.Message.Contains("env"));
    }

    [Fact]
    public void An_undefined_variable_fails_closed()
    {
        var ex = Assert.Throws<ChecklistException>(() => Load(Valid.Replace("${api}", "${nope}")));
        Assert.Contains("variable 'nope' is not defined", ex.Message);
    }

    [Fact]
    public void Duplicate_ids_are_reported()
    {
        var ex = Assert.Throws<ChecklistException>(() => Load(Valid.Replace("id: a.two", "id: a.one")));
        Assert.Contains("duplicate item id 'a.one'", ex.Message);
    }
}

public sealed class ProfileFileTests
{
    [Fact]
    public void Arbitrary_profile_files_give_only_a_checklist_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.yaml");
        try
        {
            FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string>(text =>
            {
                File.WriteAllText(path, text ?? "");
                try { Readiness.Core.Running.ProfileFile.Read(path); } catch (ChecklistException) { }
                return true;
            }));
            File.WriteAllText(path, ":\n    : [\u2028e");
            try { Readiness.Core.Running.ProfileFile.Read(path); } catch (ChecklistException) { }
        }
        finally { File.Delete(path); }
    }
}
