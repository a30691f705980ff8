using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Secrets;
using static Readiness.Core.Tests.Checks.Secrets.FakeSecrets;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Secrets;

public sealed class SecretRulesTests
{
    public static TheoryData<string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (rule, found, nearMiss) in SecretSamples.Examples()) data.Add(rule, found, nearMiss);
        return data;
    }

    private static readonly SecretScanner Scanner = new(allowlist: new SecretAllowlist(defaults: false));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_rule_finds_its_true_example_and_not_its_near_miss(string ruleId, string truePositive, string nearMiss)
    {
        var found = Scanner.ScanLine(truePositive, "f.txt", 1)?.Select(f => f.RuleId).ToList() ?? new();
        Assert.Contains(ruleId, found);
        var missed = Scanner.ScanLine(nearMiss, "f.txt", 1)?.Select(f => f.RuleId).ToList() ?? new();
        Assert.DoesNotContain(ruleId, missed);
    }

    [Fact]
    public void Every_shipped_rule_has_examples_and_there_are_at_least_forty()
    {
        var tested = Examples().Select(row => (string)row[0]).ToHashSet();
        Assert.True(SecretRules.All.Count >= 40, $"{SecretRules.All.Count} rules");
        Assert.All(SecretRules.All, r => Assert.Contains(r.Id, tested));
        Assert.Equal(SecretRules.All.Count, SecretRules.All.Select(r => r.Id).Distinct().Count());
        Assert.All(SecretRules.All, r => Assert.NotEmpty(r.Keywords));
        // A secret is reported by the first rule that finds it, so loose rules must come after every specific one.
        var firstGeneric = SecretRules.All.ToList().FindIndex(r => r.Generic);
        Assert.All(SecretRules.All.Skip(firstGeneric), r => Assert.True(r.Generic, r.Id));
    }

    [Theory]
    [InlineData("API_TOKEN=changeme")]
    [InlineData("GITHUB_TOKEN=<your-token>")]
    [InlineData("SLACK_BOT_TOKEN=xxxx")]
    [InlineData("api_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("password = \"${DB_PASSWORD}\"")]
    [InlineData("client_secret = settings.OAuthClientSecret")]
    [InlineData("$secret = ConvertTo-SecureString \"It's a Secret to Everybody\" -AsPlainText -Force")]
    [InlineData("token = request.headers.get_token_from_cookie")]
    [InlineData("export PGPASSWORD=\"bench-$RANDOM$RANDOM\"")]
    [InlineData("                request_token=request.resource_owner_key):")]
    [InlineData("    'token': self.implicit_grant},")]
    [InlineData("        self, private_key: ed25519.Ed25519PrivateKey, f_priv: _FragList")]
    public void Placeholders_and_references_are_not_findings(string line) =>
        Assert.Null(Scanner.ScanLine(line, ".env.example", 1));

    public static TheoryData<string> NearMisses() => new(SecretSamples.NearMisses());

    public static TheoryData<string, string> MoreFound()
    {
        var data = new TheoryData<string, string>();
        foreach (var (rule, line) in SecretSamples.MoreFound()) data.Add(rule, line);
        return data;
    }

    [Theory]
    [MemberData(nameof(MoreFound))]
    public void Each_documented_variant_is_found_by_its_rule(string ruleId, string line) =>
        Assert.Contains(ruleId, Scanner.ScanLine(line, "f.txt", 1)?.Select(f => f.RuleId) ?? Array.Empty<string>());

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Near_misses_are_not_findings(string line) =>
        Assert.Null(Scanner.ScanLine(line, "config.yml", 1));

    [Fact]
    public void A_key_header_counts_when_the_next_line_is_a_body_and_not_when_it_is_a_placeholder_or_the_end()
    {
        var scanner = new SecretScanner(allowlist: new SecretAllowlist(defaults: false));
        Assert.Null(scanner.ScanLine(PemHeader, "a.pem", 1));
        var found = scanner.ScanLine(Of(Alnum + "+/", 64, 111), "a.pem", 2);
        Assert.Equal(1, Assert.Single(found!).Line);

        Assert.Null(scanner.ScanLine(PemHeader, "b.pem", 1));
        Assert.Null(scanner.ScanLine("-----END RSA PRIVATE KEY-----", "b.pem", 2));
        Assert.Null(scanner.ScanLine(PemHeader, "c.pem", 1));
        Assert.Null(scanner.ScanLine("...", "c.pem", 2));
        Assert.Null(scanner.ScanLine(PemHeader, "d.pem", 1));
        Assert.Null(scanner.ScanLine(Of(Alnum, 64, 112), "other.pem", 2));

        // Legacy encrypted PEM: armour headers and a blank line come before the body.
        Assert.Null(scanner.ScanLine(PemHeader, "e.pem", 1));
        Assert.Null(scanner.ScanLine("Proc-Type: 4,ENCRYPTED", "e.pem", 2));
        Assert.Null(scanner.ScanLine("DEK-Info: AES-128-CBC," + Hex(32, 113).ToUpperInvariant(), "e.pem", 3));
        Assert.Null(scanner.ScanLine("", "e.pem", 4));
        Assert.NotNull(scanner.ScanLine(Of(Alnum + "+/", 64, 114), "e.pem", 5));
    }

    [Fact]
    public void A_database_url_password_of_letters_only_is_still_a_password()
    {
        var found = Scanner.ScanLine("DATABASE_URL=postgres://app:" + Of(Upper + Lower, 14, 115) + "@db.internal:5432/app", "app.env", 1);
        Assert.Contains("database-url-password", found!.Select(f => f.RuleId));
    }

    [Fact]
    public void Slack_webhooks_over_http_and_with_short_ids_are_found()
    {
        var http = "http://hooks.slack" + ".com/services/T" + Of(Upper + Digits, 8, 116) + "/B" + Of(Upper + Digits, 7, 117) + "/" + A(24, 118);
        Assert.Equal("slack-webhook-url", Assert.Single(Scanner.ScanLine("url: " + http, "ci.yml", 1)!).RuleId);
    }

    [Fact]
    public void A_key_header_as_a_string_constant_is_not_a_key_but_a_key_in_a_string_is()
    {
        var header = "-----BEGIN " + "OPENSSH PRIVATE KEY-----";
        Assert.Null(Scanner.ScanLine("_SK_START = b\"" + header + "\"", "ssh.py", 52));
        Assert.NotNull(Scanner.ScanLine("key = \"" + header + "\\nb3BlbnNzaC1rZXktdjEAAAAA\"", "k.py", 1));
    }

    [Fact]
    public void A_key_in_a_token_assignment_is_reported_once_by_its_specific_rule()
    {
        var found = Scanner.ScanLine("GITHUB_TOKEN=" + GitHubToken(), "ci.env", 1)!;
        Assert.Equal("github-pat", Assert.Single(found).RuleId);
    }

    [Fact]
    public void A_finding_is_redacted_to_four_characters_and_fingerprinted_by_rule_file_and_hash()
    {
        var token = GitHubToken();
        var finding = Assert.Single(Scanner.ScanLine("GITHUB_TOKEN=" + token, "deploy/ci.env", 3)!);
        Assert.Equal("ghp_****", finding.Redacted);
        Assert.Equal($"github-pat:deploy/ci.env:{SecretFingerprint.Hash(token)}", finding.Fingerprint);
        Assert.DoesNotContain(token[4..], finding.ToString());
    }

    [Fact]
    public void The_combined_patterns_are_valid_for_grep_E()
    {
        var pattern = string.Join("|", SecretRules.All.Select(r => SecretRules.ToExtendedRegex(r.Pattern)));
        var psi = new System.Diagnostics.ProcessStartInfo("grep", new[] { "-E", "-i", "-c", pattern })
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.WriteLine("GITHUB_TOKEN=" + GitHubToken());
        p.StandardInput.WriteLine("nothing here");
        p.StandardInput.WriteLine("key = " + AwsKeyId);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd().Trim();
        Assert.Equal("", p.StandardError.ReadToEnd());
        Assert.Equal("2", output);
    }

    [Fact]
    public void Arbitrary_text_lines_never_throw_in_the_scanner()
    {
        // Mix random text with fragments of real formats so the rules' regexes, not just the prefilter, see odd input.
        var fragments = new[] { "ghp_", "AKIA", "password=", "postgres://a:", "@", "eyJ", ".", "sk_live_", "xoxb-", "secret: '", "\"", "://", "token=" };
        var line = Gen.Sized(size => Gen.ListOf(Gen.OneOf(ArbMap.Default.GeneratorFor<string>(), Gen.Elements(fragments)))
            .Select(parts => string.Concat(parts.Select(p => p ?? ""))));
        Prop.ForAll(line.ToArbitrary(), text =>
        {
            Scanner.ScanLine(text, "f", 1);
            Scanner.ScanLine(text + new string('a', 40), "f", 1);
            return true;
        }).Check(PropertyRuns.Fixed());
    }
}
