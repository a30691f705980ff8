using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Headers;
using Readiness.Core.Checks.Hsts;
using Readiness.Core.Checks.Tls;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Headers;

/// <summary>Every header parser accepts arbitrary input without throwing; malformed input is reported, not raised.</summary>
public sealed class HeaderParserPropertyTests
{
    // Fragments that make generated text look like real headers, so the parsers' interesting branches are reached.
    private static readonly string[] Fragments =
    {
        "max-age=", "31536000", "-1", "\"", ";", ",", " ", "=", "includeSubDomains", "preload", "default-src", "script-src", "'self'",
        "'unsafe-inline'", "'nonce-abc'", "*", "http:", "https://x", "object-src", "frame-ancestors", "'none'", "sid", "Secure",
        "HttpOnly", "SameSite", "Lax", "TLSv1.", "Protocol version: ", "\n", ":error:", "\u00e9", "\t", "",
    };

    private static Arbitrary<string> HeaderLike() =>
        Gen.OneOf(
                ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? ""),
                Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)))
            .ToArbitrary();

    [Fact]
    public void Strict_transport_security_parsing_never_throws_and_valid_means_a_max_age() =>
        Prop.ForAll(HeaderLike(), s =>
        {
            var hsts = StrictTransportSecurity.Parse(s);
            return hsts.IsValid == (hsts.MaxAge is not null && hsts.Error is null);
        }).Check(PropertyRuns.Fixed());

    [Fact]
    public void Content_security_policy_parsing_and_analysis_never_throw() =>
        Prop.ForAll(HeaderLike(), s =>
        {
            var csp = ContentSecurityPolicy.Parse(s);
            _ = csp.ScriptProblems();
            _ = csp.BlocksInlineScript;
            _ = csp.InsecureSchemeDirectives(true);
            return csp.Directives.Keys.All(k => k.Length > 0 && k == k.ToLowerInvariant());
        }).Check(PropertyRuns.Fixed());

    [Fact]
    public void Set_cookie_parsing_never_throws_and_never_keeps_a_value() =>
        Prop.ForAll(HeaderLike(), s =>
        {
            var cookie = SetCookie.Parse(s);
            return cookie is null || (cookie.Name.Length > 0 && !cookie.Name.Contains('='));
        }).Check(PropertyRuns.Fixed());

    [Fact]
    public void Openssl_output_interpretation_and_version_names_never_throw() =>
        Prop.ForAll(HeaderLike(), s =>
        {
            _ = TlsVersions.TryParse(s, out _);
            return ProtocolProbe.Interpret(TlsVersion.Tls10, s).Version == TlsVersion.Tls10;
        }).Check(PropertyRuns.Fixed());

    [Theory]
    [InlineData("max-age=31536000; includeSubDomains; preload", 31536000L, true, true)]
    [InlineData("max-age=\"600\"", 600L, false, false)]
    [InlineData("MAX-AGE=0;INCLUDESUBDOMAINS", 0L, true, false)]
    public void Strict_transport_security_reads_the_directives(string header, long maxAge, bool subDomains, bool preload)
    {
        var hsts = StrictTransportSecurity.Parse(header);
        Assert.Equal((maxAge, subDomains, preload), (hsts.MaxAge!.Value, hsts.IncludeSubDomains, hsts.Preload));
    }

    [Theory]
    [InlineData("includeSubDomains", "max-age is missing")]
    [InlineData("max-age=1; max-age=2", "the max-age directive appears twice")]
    [InlineData("max-age=-5", "max-age '-5' is not a number of seconds")]
    public void Strict_transport_security_names_what_is_wrong(string header, string error) =>
        Assert.Equal(error, StrictTransportSecurity.Parse(header).Error);

    [Theory]
    [InlineData(135, "A+")]
    [InlineData(100, "A+")]
    [InlineData(94, "A")]
    [InlineData(85, "A-")]
    [InlineData(80, "B+")]
    [InlineData(70, "B")]
    [InlineData(65, "B-")]
    [InlineData(60, "C+")]
    [InlineData(50, "C")]
    [InlineData(45, "C-")]
    [InlineData(40, "D+")]
    [InlineData(30, "D")]
    [InlineData(25, "D-")]
    [InlineData(24, "F")]
    [InlineData(0, "F")]
    public void Scores_map_to_the_observatory_grades(int score, string grade) => Assert.Equal(grade, ObservatoryScore.GradeFor(score));

    [Fact]
    public void Bonuses_count_only_when_the_penalised_score_is_at_least_90()
    {
        var modifiers = new List<ScoreModifier> { new("a", "x", -15, ""), new("b", "y", 10, "") };
        Assert.Equal(85, new ObservatoryScore { Modifiers = modifiers }.Score);
        modifiers[0] = new("a", "x", -10, "");
        Assert.Equal(100, new ObservatoryScore { Modifiers = modifiers }.Score);
    }

    [Fact]
    public void Nonces_neutralise_unsafe_inline_as_browsers_do()
    {
        Assert.True(ContentSecurityPolicy.Parse("script-src 'nonce-r4nd0m' 'unsafe-inline'; object-src 'none'").BlocksInlineScript);
        Assert.Empty(ContentSecurityPolicy.Parse("script-src 'nonce-r4nd0m' 'unsafe-inline'; object-src 'none'").ScriptProblems());
        Assert.False(ContentSecurityPolicy.Parse("default-src * 'unsafe-inline'").BlocksInlineScript);
    }
}
