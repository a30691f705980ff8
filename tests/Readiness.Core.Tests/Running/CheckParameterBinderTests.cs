using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Running;

/// <summary>
/// The binder's error texts are what a user reads for a bad checklist value, cmdlet parameter or CLI option alike,
/// so these tests pin them word for word.
/// </summary>
public sealed class CheckParameterBinderTests
{
    public enum Mode { MaxAge, IncludeSubdomains }

    public sealed record Sample
    {
        [CheckParameter("tool", Required = true, Allowed = ["dotnet", "npm", "cargo"], MustBe = "dotnet, npm or cargo", Expected = "dotnet, npm or cargo")]
        public string Tool { get; init; } = "";
        [CheckParameter("kind", Allowed = ["json", "text"])] public string? Kind { get; init; }
        [CheckParameter("aspects", Allowed = ["json", "level", "pii"])] public IReadOnlyList<string> Aspects { get; init; } = [];
        [CheckParameter("share", Min = 0, Max = 1)] public double Share { get; init; } = 1;
        [CheckParameter("count", Min = 1, Max = 10)] public long Count { get; init; } = 1;
        [CheckParameter("size", Min = 0)] public int Size { get; init; }
        [CheckParameter("below", Max = 5)] public double? Below { get; init; }
        [CheckParameter("wait", Min = 1, Max = 60)] public TimeSpan? Wait { get; init; }
        [CheckParameter("today")] public DateOnly? Today { get; init; }
        [CheckParameter("since", MustBe = "the day the rule took effect, as 2026-01-31")] public DateOnly? Since { get; init; }
        [CheckParameter("mode")] public Mode? Mode { get; init; }
        [CheckParameter("url")] public Uri? Url { get; init; }
    }

    private static Sample Bind(params (string Name, object? Value)[] values)
    {
        var map = new Dictionary<string, object?> { ["tool"] = "npm" };
        foreach (var (name, value) in values) map[name] = value;
        return CheckParameterBinder.Bind<Sample>(new CheckParameters("api.audit", map));
    }

    private static string ErrorOf(params (string Name, object? Value)[] values) =>
        Assert.Throws<CheckParameterException>(() => Bind(values)).Message;

    [Fact]
    public void Allowed_values_match_ignoring_case_and_come_back_as_the_record_spells_them()
    {
        var p = Bind(("tool", " Cargo "), ("kind", "JSON"), ("aspects", new object?[] { "PII", "json" }));
        Assert.Equal(("cargo", "json"), (p.Tool, p.Kind));
        Assert.Equal(["pii", "json"], p.Aspects);
    }

    [Fact]
    public void A_value_that_is_not_allowed_names_what_is()
    {
        Assert.Equal("Item 'api.audit': parameter 'tool' must be dotnet, npm or cargo.", ErrorOf(("tool", "pip")));
        Assert.Equal("Item 'api.audit': parameter 'kind' must be one of json, text.", ErrorOf(("kind", "xml")));
        Assert.Equal("Item 'api.audit': parameter 'aspects' must be a list of: json, level, pii ('trace' is not one).",
            ErrorOf(("aspects", new object?[] { "json", "trace" })));
    }

    [Fact]
    public void A_missing_required_value_says_what_it_should_have_been()
    {
        var error = Assert.Throws<CheckParameterException>(() =>
            CheckParameterBinder.Bind<Sample>(new CheckParameters("api.audit", new Dictionary<string, object?>()))).Message;
        Assert.Equal("Item 'api.audit': parameter 'tool' is required (dotnet, npm or cargo).", error);
    }

    [Fact]
    public void Numbers_and_durations_outside_their_bounds_name_the_bounds()
    {
        Assert.Equal("Item 'api.audit': parameter 'share' must be between 0 and 1.", ErrorOf(("share", 1.5)));
        Assert.Equal("Item 'api.audit': parameter 'count' must be between 1 and 10.", ErrorOf(("count", "0")));
        Assert.Equal("Item 'api.audit': parameter 'size' must be at least 0.", ErrorOf(("size", -3L)));
        Assert.Equal("Item 'api.audit': parameter 'below' must be at most 5.", ErrorOf(("below", "5.25")));
        Assert.Equal("Item 'api.audit': parameter 'wait' must be between 1 and 60 seconds.", ErrorOf(("wait", "2m")));
        Assert.Equal("Item 'api.audit': parameter 'wait' must be between 1 and 60 seconds.", ErrorOf(("wait", "500ms")));
        Assert.Equal(TimeSpan.FromSeconds(45), Bind(("wait", "45s")).Wait);
        Assert.Equal(0.25, Bind(("share", "0.25")).Share);
    }

    [Fact]
    public void Bounds_in_an_error_text_do_not_follow_the_users_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("Item 'api.audit': parameter 'below' must be at most 5.", ErrorOf(("below", 6.5)));
            Assert.Equal("Item 'api.audit': parameter 'share' must be between 0 and 1.", ErrorOf(("share", -0.5)));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void A_whole_number_too_large_for_its_property_is_a_parameter_error_not_an_overflow()
    {
        Assert.Equal("Item 'api.audit': parameter 'size' must be a whole number.", ErrorOf(("size", 3_000_000_000L)));
        Assert.Equal("Item 'api.audit': parameter 'count' must be a whole number.", ErrorOf(("count", "ten")));
    }

    [Fact]
    public void Dates_are_iso_days_and_a_bad_one_gets_the_type_text_or_the_records_own()
    {
        Assert.Equal(new DateOnly(2026, 11, 22), Bind(("today", "2026-11-22")).Today);
        Assert.Equal("Item 'api.audit': parameter 'today' must be a date such as 2026-11-22.", ErrorOf(("today", "22.11.2026")));
        Assert.Equal("Item 'api.audit': parameter 'today' must be a date such as 2026-11-22.", ErrorOf(("today", "2026-02-30")));
        Assert.Equal("Item 'api.audit': parameter 'since' must be the day the rule took effect, as 2026-01-31.", ErrorOf(("since", "yesterday")));
    }

    [Fact]
    public void Enums_and_urls_name_what_they_accept()
    {
        Assert.Equal(Mode.IncludeSubdomains, Bind(("mode", "include-subdomains")).Mode);
        Assert.Equal("Item 'api.audit': parameter 'mode' must be one of max-age, include-subdomains.", ErrorOf(("mode", "preload")));
        Assert.Equal("Item 'api.audit': parameter 'url' must be an absolute http:// or https:// URL.", ErrorOf(("url", "ftp://127.0.0.1/audit")));
    }

    [Fact]
    public void Any_number_outside_min_and_max_is_a_parameter_error_naming_the_bounds_and_any_inside_binds()
    {
        // The value arrives as a YAML number or as the text a cmdlet or CLI option hands over; both must agree.
        Prop.ForAll(ArbMap.Default.ArbFor<double>(), ArbMap.Default.ArbFor<bool>(), (double share, bool asText) =>
        {
            object value = asText ? share.ToString("R", CultureInfo.InvariantCulture) : share;
            if (share is >= 0 and <= 1)
            {
                Assert.Equal(share, Bind(("share", value)).Share);
                return;
            }
            var error = Assert.Throws<CheckParameterException>(() => Bind(("share", value)));
            Assert.Equal("Item 'api.audit': parameter 'share' must be between 0 and 1.", error.Message);
        }).Check(PropertyRuns.Fixed(300));

        Prop.ForAll(ArbMap.Default.ArbFor<long>(), (long count) =>
        {
            if (count is >= 1 and <= 10)
            {
                Assert.Equal(count, Bind(("count", count)).Count);
                return;
            }
            var error = Assert.Throws<CheckParameterException>(() => Bind(("count", count)));
            Assert.Equal("Item 'api.audit': parameter 'count' must be between 1 and 10.", error.Message);
        }).Check(PropertyRuns.Fixed(300));
    }

    // The lists each check declared by hand before its record: checklists in use spell these, and the loader rejects
    // any name a check does not declare, so a converted record must keep every one (logs gained lines since).
    [Theory]
    [InlineData("docs", "path headings maxAgeDays checkLinks today")]
    [InlineData("test-results", "path expectedSkips minTests")]
    [InlineData("manual", "approvers instructions")]
    [InlineData("all", "checks")]
    [InlineData("git", "repo tag clean branch")]
    [InlineData("command", "program args workingDir timeout exitCode env stdoutContains stderrContains stdoutMatches stderrMatches stdoutNotContains secretEnv")]
    [InlineData("env", "name pattern source file equals oneOf matches min max notPlaceholder secret minLength minClasses minEntropy optional")]
    [InlineData("alert-routing", "config alerts rules severities pagingReceivers pagingIntegrations")]
    [InlineData("audit-events", "path command args url required within typeField timeField")]
    [InlineData("dependency-audit", "tool project file maxCritical maxHigh maxModerate maxLow")]
    [InlineData("logs", "path lines pattern command args aspect minJsonShare requestIdFields requestFields levelFields forbiddenLevels pii")]
    [InlineData("secrets", "mode path workingTree history allowPaths allowRegexes allowlist rules excludeRules envExample required exclude ignore file namePattern rotationItem perFinding")]
    [InlineData("openapi", "spec baseUrl aspect pathParameters methods routes headers timeout")]
    [InlineData("prometheus-rules", "files require requireLabels requireAnnotations")]
    [InlineData("metrics", "url file format bearerTokenEnv require timeout prometheus job instance")]
    public void A_converted_check_declares_exactly_the_parameter_names_checklists_already_use(string type, string names)
    {
        Assert.Equal(names.Split(' ').Order(StringComparer.Ordinal), CheckRegistry.Default.Get(type).Parameters.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_parameter_names_are_the_records_attributes()
    {
        Assert.Equal(["tool", "kind", "aspects", "share", "count", "size", "below", "wait", "today", "since", "mode", "url"],
            CheckParameterBinder.NamesOf<Sample>());
    }
}
