using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>The <c>webhook</c> check type as a checklist uses it: YAML in, one summarised result out.</summary>
public sealed class WebhookCheckTests(WebhookReceivers receivers) : IClassFixture<WebhookReceivers>, IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private async Task<CheckResult> Run(string checkYaml, string dotenv = "")
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), dotenv);
        var yaml = $"""
            schemaVersion: 1
            name: webhook-test
            variables:
              api: http://127.0.0.1:{receivers.Port}
            items:
              - id: security.webhook-replay
                section: Security
                title: Webhook signature + replay hardening
                severity: critical
                check:
                  type: webhook
            {string.Join("\n", checkYaml.Trim().Split('\n').Select(l => "      " + l))}
            """;
        var checklist = new ChecklistLoader().LoadText(yaml, Path.Combine(_dir, "c.yaml"), new VariableResolver(null, null, _ => null));
        var env = new RunEnvironment(_dir, checklist.Variables, _ => null) { Timeout = TimeSpan.FromSeconds(20) };
        return await CheckHarness.RunItemAsync(checklist.Items[0], env, CancellationToken.None);
    }

    private static string DiffverEnv(string maxAge = "300") =>
        $"DIFFVER_GITHUB_WEBHOOK_SECRET={WebhookReceivers.GitHubSecret}\nDIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS={maxAge}\n";

    private const string DiffverCheck = """
        url: ${api}/github-ts/FLAW
        scheme: github
        timestampHeader: X-Diffver-Timestamp
        source: dotenv
        file: .env
        secretEnv: DIFFVER_GITHUB_WEBHOOK_SECRET
        maxAgeEnv: DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS
        """;

    [Fact]
    public async Task A_diffver_style_receiver_passes_with_the_window_read_from_its_environment()
    {
        var result = await Run(DiffverCheck.Replace("FLAW", "correct"), DiffverEnv());
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("passed 7 GitHub webhook probes", result.Message);
        Assert.Equal("DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS", result.Evidence["windowSource"]);
        Assert.Equal("300", result.Evidence["windowSeconds"]);
        Assert.Equal("Passed (HTTP 409)", result.Evidence["probe.replay"]);
        SecretCanary.AssertAbsent(result, WebhookReceivers.GitHubSecret);
    }

    [Fact]
    public async Task A_receiver_without_a_replay_cache_fails_the_item_naming_the_flaw()
    {
        var result = await Run(DiffverCheck.Replace("FLAW", "no-replay-cache"), DiffverEnv());
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("it has no replay cache", result.Message);
        Assert.Equal("Failed (HTTP 200)", result.Evidence["probe.replay"]);
        Assert.Contains("Remember processed delivery ids", result.Remediation);
        SecretCanary.AssertAbsent(result, WebhookReceivers.GitHubSecret);
    }

    [Fact]
    public async Task A_configured_window_narrower_than_the_receivers_fails_the_stale_probe()
    {
        var result = await Run(DiffverCheck.Replace("FLAW", "correct"), DiffverEnv(maxAge: "60"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("120 s old, beyond the 60 s window (DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS)", result.Message);
    }

    [Fact]
    public async Task Plain_GitHub_without_a_timestamp_source_passes_and_says_the_timestamp_probes_did_not_run()
    {
        var result = await Run($"""
            url: ${"{api}"}/github/correct
            scheme: github
            source: dotenv
            file: .env
            secretEnv: DIFFVER_GITHUB_WEBHOOK_SECRET
            """, DiffverEnv());
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("stale and future not run: GitHub signs only the body", result.Message);
        Assert.StartsWith("Skipped", result.Evidence["probe.stale"]);
    }

    [Fact]
    public async Task A_500_receiver_fails_the_item_and_counts_the_probes_it_could_not_judge()
    {
        var result = await Run("""
            url: ${api}/fail/everything
            scheme: standard
            source: dotenv
            file: .env
            secretEnv: HOOK_SECRET
            """, $"HOOK_SECRET={WebhookReceivers.StandardSecret}\n");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("answered HTTP 500", result.Message);
        Assert.Contains("and 6 more probes did not pass", result.Message);
        SecretCanary.AssertAbsent(result, WebhookReceivers.StandardSecret);
        SecretCanary.AssertAbsent(result, WebhookReceivers.StandardSecret["whsec_".Length..]);
    }

    [Fact]
    public async Task A_selection_of_probes_runs_only_those()
    {
        var result = await Run("""
            url: ${api}/standard/no-timestamp-check
            scheme: standard
            probes: [valid, replay, unsigned]
            source: dotenv
            file: .env
            secretEnv: HOOK_SECRET
            """, $"HOOK_SECRET={WebhookReceivers.StandardSecret}\n");
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.False(result.Evidence.ContainsKey("probe.stale"));
        Assert.Equal(3, result.Evidence.Keys.Count(k => k.StartsWith("probe.")));
    }

    [Fact]
    public async Task A_missing_secret_variable_is_an_error_naming_the_variable()
    {
        var result = await Run(DiffverCheck.Replace("FLAW", "correct"), "OTHER=1\n");
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal("DIFFVER_GITHUB_WEBHOOK_SECRET is not set in .env, so no webhook delivery can be signed.", result.Message);
    }

    [Fact]
    public async Task An_unknown_scheme_or_probe_is_an_error_listing_the_allowed_values()
    {
        var scheme = await Run("url: ${api}/x/y\nscheme: paypal\nsecretEnv: S", "S=abcdefgh\n");
        Assert.Equal(CheckStatus.Error, scheme.Status);
        Assert.Contains("Allowed: github, standard, stripe, custom", scheme.Message);
        var probe = await Run("url: ${api}/x/y\nprobes: [nonsense]\nsecretEnv: S", "S=abcdefgh\n");
        Assert.Contains("Allowed: valid, replay, stale, future, tampered, wrong-secret, unsigned", probe.Message);
    }

    [Fact]
    public void A_literal_secret_in_the_checklist_is_rejected_by_the_loader()
    {
        var ex = Assert.Throws<ChecklistException>(() => new ChecklistLoader().LoadText("""
            schemaVersion: 1
            name: x
            items:
              - id: a
                section: S
                title: t
                check:
                  type: webhook
                  url: http://127.0.0.1:1/
                  secret: hunter2hunter2
            """, "x.yaml", new VariableResolver(null, null, _ => null)));
        Assert.Contains("secret", ex.Message);
    }
}

/// <summary>The shipped checklists/diffver.yaml item that runs the webhook probes, pointed at real receivers.</summary>
public sealed class ShippedDiffverWebhookItemTests(WebhookReceivers receivers) : IClassFixture<WebhookReceivers>, IDisposable
{
    private const string ItemId = "validation-snapshot.item-9-webhook-hardening";
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private async Task<CheckResult> Run(string flaw)
    {
        var envFile = Path.Combine(_dir, ".env");
        File.WriteAllText(envFile, $"DIFFVER_GITHUB_WEBHOOK_SECRET={WebhookReceivers.GitHubSecret}\nDIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS=300\n");
        var checklist = ReadinessSession.Load(Checklists.RepoFiles.Checklist("diffver.yaml"),
            new Dictionary<string, string> { ["api"] = $"http://127.0.0.1:{receivers.Port}/github/{flaw}", ["envFile"] = envFile }, environment: _ => null);
        var report = await new ChecklistRunner().RunAsync(checklist, new RunOptions { Ids = { ItemId }, EnvironmentLookup = _ => null });
        return report.Results.Single();
    }

    [Fact]
    public async Task Against_a_correct_GitHub_receiver_the_item_passes_and_explains_the_window()
    {
        var result = await Run("correct");
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("webhook", result.CheckType);
        Assert.Contains("passed 5 GitHub webhook probes (valid, replay, tampered, wrong-secret, unsigned)", result.Message);
        Assert.Contains("stale and future not run: GitHub signs only the body", result.Message);
        Assert.Equal("DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS", result.Evidence["windowSource"]);
        SecretCanary.AssertAbsent(result, WebhookReceivers.GitHubSecret);
    }

    [Fact]
    public async Task Against_a_receiver_that_accepts_unsigned_deliveries_the_item_fails_naming_it()
    {
        var result = await Run("accepts-missing-signature");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("accepted a delivery with no X-Hub-Signature-256 header", result.Message);
        Assert.Contains("it accepts a missing signature", result.Message);
    }
}
