using System.Net;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checklists;

/// <summary>
/// The seed items issue 22 automated, run from the shipped checklists: each passes on its sample repository (or a
/// served target) and fails on a copy with the flaw the item exists to catch.
/// </summary>
public sealed class SeedItemsTests : IDisposable
{
    private readonly string _root = TempFolder.Create("readiness-seed-items-");

    public void Dispose() => TempFolder.Delete(_root);

    /// <summary>A copy of samples/NAME to break without touching the repository.</summary>
    private string CopySample(string name)
    {
        var source = Path.Combine(RepoFiles.Root, "samples", name);
        var target = Path.Combine(_root, name);
        foreach (var dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(source, target));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(source, target));
        return target;
    }

    /// <summary>A run of a shipped item with these variables and no process environment.</summary>
    private static CheckRun Shipped(Dictionary<string, string>? variables = null) =>
        new() { Variables = variables, EnvironmentLookup = _ => null, Timeout = TimeSpan.FromSeconds(60) };

    private static void AssertPassed(CheckResult r) => Assert.True(r.Status == CheckStatus.Passed, $"{r.Id}: {r.Status} {r.Message}");

    [Theory]
    [InlineData("diffver.yaml", "rollback.on-call-escalation", "diffver", "docs/on-call.md", "[Retention operations](retention-operations.md)", "[Retention operations](retention-ops.md)", "relative link(s) lead nowhere")]
    [InlineData("auth-service.yaml", "deployment.rollback-procedure", "auth-service", "docs/runbooks/rollback.md", "## Verifying the rollback", "## Afterwards", "missing section(s) 'Verifying the rollback'")]
    [InlineData("auth-service.yaml", "feature-flags.gradual-rollout", "auth-service", "docs/runbooks/feature-flags.md", "### Stage 2: 50%", "### Stage 2", "missing section(s) 'Stage 2: 50%'")]
    [InlineData("auth-service.yaml", "data-protection.retention-policy", "auth-service", ".env", "DATA_RETENTION_DAYS=365", "DATA_RETENTION_DAYS=0", "DATA_RETENTION_DAYS")]
    [InlineData("auth-service.yaml", "feature-flags.configured", "auth-service", ".env", "FEATURE_FLAGS_PROVIDER=unleash", "FEATURE_FLAGS_PROVIDER=none", "FEATURE_FLAGS_PROVIDER")]
    [InlineData("auth-service.yaml", "audit-logging.export-tested", "auth-service", "audit/security.jsonl", "\"actor\":\"u-1042\",", "", "line 1 lacks actor")]
    [InlineData("auth-service.yaml", "api-docs.code-examples", "auth-service", "docs/api/examples.md", "## GET /v1/sessions", "## Sessions", "no code example for GET /v1/sessions")]
    [InlineData("diffver.yaml", "cicd.openapi-client-generation", "diffver", "clients/diffver_client.py", "def get_diffs_id", "def get_diff", "is stale against openapi.yaml")]
    [InlineData("diffver.yaml", "validation-snapshot.item-6-ci-parity", "diffver", "reports/routes.json", "\"DELETE /v1/admin/diffs/{id}\"", "\"DELETE /v1/admin/diffs/{id}\", \"GET /v1/admin/export\"", "served but undocumented: GET /v1/admin/export")]
    [InlineData("diffver.yaml", "validation-snapshot.item-8-security-config", "diffver", "reports/runtime-config.xml", "name=\"test_webhook_max_age_bounded\" time=\"0.008\"/>", "name=\"test_webhook_max_age_bounded\" time=\"0.008\"><failure message=\"3600 accepted\"/></testcase>", "1 failed")]
    [InlineData("diffver.yaml", "cicd.staging-smoke-runnable", "diffver", ".env", "DIFFVER_SMOKE_API_KEY=smk_5Tq9Wm2Lx7Vb3Nc8Rk1Hy6Gd5Fs0JeQ", "DIFFVER_SMOKE_API_KEY=changeme", "secret DIFFVER_SMOKE_API_KEY is not configured")]
    [InlineData("diffver.yaml", "signing.kms-key-policy", "diffver", "infra/kms/signing-key-policy.json", "\"kms:Sign\", \"kms:Verify\"", "\"kms:Sign\", \"kms:Verify\", \"kms:ScheduleKeyDeletion\"", "broader than needed")]
    [InlineData("auth-service.yaml", "metrics.grafana-dashboards", "auth-service", "infra/grafana/auth-service.json", "sum(auth_active_sessions{", "sum(auth_sessions_active{", "reads auth_sessions_active, which the service does not expose")]
    [InlineData("auth-service.yaml", "caching.hit-ratio-monitored", "auth-service", "infra/grafana/auth-service.json", "rate(auth_cache_lookups_total", "rate(http_requests_total", "no panel charts auth_cache_lookups")]
    public async Task The_item_passes_on_the_sample_and_fails_on_a_copy_with_the_flaw(string checklist, string id, string sample, string file, string good, string bad, string expected)
    {
        var repo = CopySample(sample);
        var vars = new Dictionary<string, string> { ["repo"] = repo, ["api"] = "http://127.0.0.1:9" };
        AssertPassed(await CheckHarness.RunShippedItemAsync(checklist, id, Shipped(vars)));

        var path = Path.Combine(repo, file);
        var text = File.ReadAllText(path);
        Assert.Contains(good, text);
        File.WriteAllText(path, text.Replace(good, bad));
        var failed = await CheckHarness.RunShippedItemAsync(checklist, id, Shipped(vars));
        Assert.True(failed.Status == CheckStatus.Failed, $"{id}: {failed.Status} {failed.Message} {string.Join(" ", failed.Evidence.Values)}");
        Assert.Contains(expected, failed.Message + " " + string.Join(" ", failed.Evidence.Values));
    }

    [Fact]
    public async Task The_backup_retention_spot_check_fails_when_the_backups_are_gone()
    {
        var repo = CopySample("diffver");
        var vars = new Dictionary<string, string> { ["repo"] = repo };
        AssertPassed(await CheckHarness.RunShippedItemAsync("diffver.yaml", "validation-snapshot.item-11-backup-retention", Shipped(vars)));
        foreach (var backup in Directory.GetDirectories(Path.Combine(repo, "backups"))) Directory.Delete(backup, true);
        var failed = await CheckHarness.RunShippedItemAsync("diffver.yaml", "validation-snapshot.item-11-backup-retention", Shipped(vars));
        Assert.Equal(CheckStatus.Failed, failed.Status);
    }

    [Fact]
    public async Task The_staging_smoke_runs_against_the_sample_target_and_fails_against_nothing()
    {
        await using var target = Readiness.Sample.SampleTarget.Start(ready: false);
        var repo = CopySample("diffver");
        AssertPassed(await CheckHarness.RunShippedItemAsync("diffver.yaml", "validation-snapshot.item-7-staging-smoke", Shipped(new() { ["repo"] = repo, ["api"] = target.BaseUrl })));
        var down = await CheckHarness.RunShippedItemAsync("diffver.yaml", "validation-snapshot.item-7-staging-smoke", Shipped(new() { ["repo"] = repo, ["api"] = $"http://127.0.0.1:{FreePort.Next()}" }));
        Assert.Equal(CheckStatus.Failed, down.Status);
        Assert.Contains("could not be reached", string.Join(" ", down.Evidence.Values));
    }

    [Fact]
    public async Task The_KMS_smoke_is_Skipped_naming_kmsKeyId_until_a_key_is_given()
    {
        var result = await CheckHarness.RunShippedItemAsync("diffver.yaml", "signing.aws-kms-smoke", Shipped());
        Assert.Equal(CheckStatus.Skipped, result.Status);
        Assert.Contains("set the variable kmsKeyId", result.Message);
    }

    [Fact]
    public async Task DDoS_protection_passes_behind_a_CDN_header_and_fails_when_the_service_answers_directly()
    {
        using var listener = new HttpListener();
        var port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var behindCdn = true;
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext c;
                try { c = await listener.GetContextAsync(); } catch (Exception) { return; }
                if (behindCdn) c.Response.Headers["CF-RAY"] = "8c1f2a3b4c5d6e7f-AMS";
                c.Response.StatusCode = 200;
                c.Response.Close();
            }
        });
        try
        {
            var vars = new Dictionary<string, string> { ["publicUrl"] = $"http://127.0.0.1:{port}/" };
            var passed = await CheckHarness.RunShippedItemAsync("auth-service.yaml", "rate-limiting.ddos-protection", Shipped(vars));
            AssertPassed(passed);
            Assert.Contains("through cloudflare (cf-ray)", passed.Message);
            behindCdn = false;
            var direct = await CheckHarness.RunShippedItemAsync("auth-service.yaml", "rate-limiting.ddos-protection", Shipped(vars));
            Assert.Equal(CheckStatus.Failed, direct.Status);
            Assert.Contains("served directly, without DDoS protection in front", direct.Message);
        }
        finally
        {
            listener.Close();
            await serving;
        }
    }
}
