using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Reporting;
using Readiness.Core.Running;
using Readiness.Core.Tests.Reporting;
using static Readiness.Core.Tests.Checks.Secrets.FakeSecrets;

namespace Readiness.Core.Tests.Checks.Secrets;

/// <summary>
/// A repository built with the git CLI: secrets added and later deleted on several branches and files, plus a
/// .env.example of placeholders. Every secret must be found with its commit; an allowlist of their fingerprints must
/// silence them all.
/// </summary>
public sealed class SecretsCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create("readiness-secrets-");
    private readonly TestRepo _repo;
    private readonly Dictionary<string, (string Commit, string File, int Line, string Rule)> _planted = new();

    public SecretsCheckTests()
    {
        _repo = TestRepo.Init(_dir);
        _repo.Write("README.md", "# demo\n");
        _repo.Write("src/app.py", "import os\nDB = os.environ[\"DATABASE_URL\"]\nKEY = os.environ.get('PAYMENT_API_KEY')\n");
        _repo.Write(".env.example", "DATABASE_URL=postgres://app:changeme@localhost/app\nAPI_TOKEN=changeme\nGITHUB_TOKEN=<your-token>\nSLACK_BOT_TOKEN=xxxx\n");
        _repo.Commit("initial");

        _repo.Write("config/settings.yml", "region: eu-west-1\nbucket: assets\naws_access_key_id: " + AwsKeyId + "\n");
        Plant("aws", _repo.Commit("add settings"), "config/settings.yml", 3, "aws-access-key-id");
        _repo.Write("config/settings.yml", "region: eu-west-1\nbucket: assets\n");
        _repo.Commit("remove key");

        _repo.Git("checkout", "-q", "-b", "feature/deploy");
        _repo.Write("deploy/ci.sh", "#!/bin/sh\nexport GITHUB_TOKEN=" + GitHubToken() + "\n./deploy\n");
        Plant("github", _repo.Commit("ci script"), "deploy/ci.sh", 2, "github-pat");
        _repo.Git("rm", "-q", "deploy/ci.sh");
        _repo.Commit("drop script");

        _repo.Git("checkout", "-q", "main");
        _repo.Git("checkout", "-q", "-b", "billing");
        _repo.Write("src/billing.js", "const a = 1;\nconst b = 2;\nconst c = 3;\n// stripe\nconst stripe = require('stripe')('" + StripeLive() + "');\n");
        Plant("stripe", _repo.Commit("billing"), "src/billing.js", 5, "stripe-secret-key");
        _repo.Write("keys/deploy.pem", "note\n" + PemHeader + "\nMIIEowIBAAKCAQEA\n");
        Plant("pem", _repo.Commit("deploy key"), "keys/deploy.pem", 2, "private-key");
        _repo.Write("src/billing.js", "const stripe = require('stripe')(process.env.STRIPE_KEY);\n");
        _repo.Git("rm", "-q", "keys/deploy.pem");
        _repo.Commit("read stripe key from env");
        _repo.Git("checkout", "-q", "main");
    }

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private void Plant(string name, string commit, string file, int line, string rule) => _planted[name] = (commit, file, line, rule);

    private async Task<CheckResult> Run(Dictionary<string, object?> parameters, RunEnvironment? env = null)
    {
        var item = new ChecklistItem { Id = "secrets.history", Section = "Security", Title = "No secrets in Git history", Severity = Severity.Critical,
            Check = new CheckSpec { Type = "secrets", Parameters = parameters } };
        return await CheckHarness.RunItemAsync(item, env ?? new RunEnvironment(_dir), CancellationToken.None);
    }

    private async Task<SecretScanResult> Scan(Dictionary<string, object?> parameters)
    {
        var item = new ChecklistItem { Id = "s", Check = new CheckSpec { Type = "secrets", Parameters = parameters } };
        var context = new CheckContext(item, new CheckParameters("s", parameters), new RunEnvironment(_dir));
        return await SecretsCheck.ScanAsync(context, CancellationToken.None);
    }

    [Fact]
    public async Task Every_secret_deleted_from_history_on_any_branch_is_found_with_its_commit_file_and_line()
    {
        var scan = await Scan(new() { ["history"] = true, ["workingTree"] = false });
        foreach (var (name, planted) in _planted)
        {
            var f = scan.Findings.SingleOrDefault(x => x.Commit == planted.Commit && x.RuleId == planted.Rule);
            Assert.True(f is not null, $"{name} ({planted.Rule}) not found in commit {planted.Commit}; found: {string.Join("; ", scan.Findings.Select(x => x.RuleId + "@" + x.Where))}");
            Assert.Equal(planted.File, f!.File);
            Assert.Equal(planted.Line, f.Line);
            Assert.NotNull(f.AuthorDate);
        }
        Assert.Equal(_planted.Count, scan.Findings.Count);
        Assert.Equal(7, scan.CommitsScanned); // the commit that only deletes a file adds no line
    }

    [Fact]
    public async Task The_history_item_fails_naming_the_count_and_the_first_finding_without_the_secret()
    {
        var result = await Run(new() { ["history"] = true });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.StartsWith("4 secrets found in the working tree and Git history of .", result.Message);
        Assert.Equal("4", result.Evidence["inHistory"]);
        Assert.Equal("0", result.Evidence["inWorkingTree"]);
        Assert.NotNull(result.File);
        var everything = CheckHarness.EverythingShown(result);
        foreach (var secret in new[] { AwsKeyId, GitHubToken(), StripeLive() })
            Assert.DoesNotContain(secret[..8], everything);
    }

    [Fact]
    public async Task With_the_fingerprints_in_an_allowlist_file_nothing_is_found()
    {
        var scan = await Scan(new() { ["history"] = true });
        File.WriteAllLines(Path.Combine(_dir, "reviewed.txt"), new[] { "# reviewed 2026-01-12" }.Concat(scan.Findings.Select(f => f.Fingerprint)));
        var result = await Run(new() { ["history"] = true, ["allowlist"] = "reviewed.txt" });
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Equal("4", result.Evidence["allowlisted"]);
    }

    [Fact]
    public async Task Allowlists_by_path_and_by_regex_suppress_their_findings()
    {
        var scan = await Scan(new() { ["history"] = true, ["workingTree"] = false, ["allowPaths"] = new List<object?> { "config/**", "*.pem" },
            ["allowRegexes"] = new List<object?> { "^gh" + "p_", "require\\('stripe'\\)" } });
        Assert.Empty(scan.Findings);
        Assert.Equal(2, scan.Allowlisted);
    }

    [Fact]
    public async Task The_working_tree_of_main_is_clean_and_placeholders_in_env_example_are_not_findings()
    {
        var result = await Run(new());
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("No secrets found in the working tree of . (4 files).", result.Message);
    }

    [Fact]
    public async Task A_secret_in_a_tracked_file_fails_with_its_file_and_line_but_an_ignored_env_file_is_not_scanned()
    {
        File.WriteAllText(Path.Combine(_dir, ".gitignore"), ".env\n");
        File.WriteAllText(Path.Combine(_dir, ".env"), "GITHUB_TOKEN=" + GitHubToken(99) + "\n");
        File.WriteAllText(Path.Combine(_dir, "src/settings.py"), "import os\n\nSLACK = 'xo" + "xb-" + D(11) + "-" + D(12) + "-" + A(24) + "'\n");
        var result = await Run(new());
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(Path.Combine(_dir, "src", "settings.py"), result.File);
        Assert.Equal(3, result.Line);
        Assert.Contains("Slack bot token at src/settings.py:3", result.Message);
    }

    [Fact]
    public async Task Per_finding_results_carry_rule_fingerprint_commit_and_render_as_sarif_for_code_scanning()
    {
        var results = await ShippedSecretsItemsTests.ScanItem(_dir, ("history", true), ("perFinding", true));
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal(CheckStatus.Failed, r.Status));
        var aws = results.Single(r => r.Evidence["rule"] == "aws-access-key-id");
        Assert.Equal((Path.Combine(_dir, "config", "settings.yml"), 3), (aws.File, aws.Line));
        Assert.Equal(_planted["aws"].Commit, aws.Evidence["commit"]);
        Assert.Equal("AKIA****", aws.Evidence["secret"]);

        var sarif = ReportWriters.Render(ReportBuilder.Aggregate(results), "sarif");
        SarifAssert.Valid(sarif);
        Assert.DoesNotContain(AwsKeyId, sarif);
        Assert.Contains("\"uri\": \"config/settings.yml\"", sarif);
    }

    [Fact]
    public async Task A_subfolder_of_a_repository_scans_only_its_own_history_with_paths_relative_to_it()
    {
        var scan = await Scan(new() { ["path"] = "config", ["history"] = true });
        var f = Assert.Single(scan.Findings);
        Assert.Equal(("settings.yml", 3, _planted["aws"].Commit), (f.File, f.Line, f.Commit));
    }

    [Fact]
    public async Task A_cancelled_history_scan_stops_with_cancellation_not_a_partial_result()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var result = new SecretScanResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RepositoryScan.ScanHistoryAsync(_dir, new SecretScanner(), result, cancelled.Token));
    }

    [Fact]
    public async Task A_folder_that_is_not_a_repository_is_an_error_for_history_but_scannable_as_files()
    {
        var plain = Fixtures.TempFolder.Create();
        try
        {
            File.WriteAllText(Path.Combine(plain, "a.txt"), "key=" + AwsKeyId + "\n");
            var history = await Run(new() { ["path"] = plain, ["history"] = true });
            Assert.Equal(CheckStatus.Error, history.Status);
            Assert.Contains($"{plain} is not a Git repository, so its history cannot be scanned.", history.Message);
            var files = await Run(new() { ["path"] = plain });
            Assert.Equal(CheckStatus.Failed, files.Status);
            Assert.Equal(Path.Combine(plain, "a.txt"), files.File);
        }
        finally { Fixtures.TempFolder.Delete(plain); }
    }

    [Fact]
    public async Task Env_example_lists_the_variables_the_code_reads_and_the_checklist_requires_that_it_lacks()
    {
        _repo.Write("svc/main.go", "package main\nimport \"os\"\nvar k = os.Getenv(\"GO_KEY\")\n");
        _repo.Write("web/index.ts", "const u = process.env.WEB_URL;\nconst n = process.env['NODE_ENV'];\n");
        _repo.Write("api/Program.cs", "var s = Environment.GetEnvironmentVariable(\"CS_SECRET\");\n");
        _repo.Write("core/src/main.rs", "let v = std::env::var(\"RUST_LEVEL\");\n");
        _repo.Write("docker-compose.yml", "services:\n  app:\n    environment:\n      - REDIS_URL=${REDIS_URL:-redis://localhost}\n");
        _repo.Write("tests/test_app.py", "import os\nos.environ['ONLY_IN_TESTS']\n");
        var result = await Run(new() { ["mode"] = "env-example", ["required"] = new List<object?> { "DATABASE_URL", "JWT_SIGNING_KEY" } });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(".env.example lacks 7 variables: JWT_SIGNING_KEY, CS_SECRET, GO_KEY, PAYMENT_API_KEY, REDIS_URL, RUST_LEVEL, WEB_URL.", result.Message);
        Assert.Equal(Path.Combine(_dir, "api", "Program.cs"), result.File);
    }

    [Fact]
    public async Task Every_variable_of_the_deployment_env_file_must_be_in_env_example()
    {
        _repo.Write("deploy.env", "DATABASE_URL=x\nAPI_TOKEN=y\nSMTP_HOST=mail\n");
        var result = await Run(new() { ["mode"] = "env-example", ["file"] = "deploy.env", ["ignore"] = new List<object?> { "PAYMENT_API_KEY" } });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(".env.example lacks 1 variable: SMTP_HOST.", result.Message);
    }

    [Fact]
    public async Task A_complete_env_example_passes_and_a_missing_one_fails()
    {
        _repo.Write(".env.example", "DATABASE_URL=\nPAYMENT_API_KEY=changeme\n");
        Assert.Equal(CheckStatus.Passed, (await Run(new() { ["mode"] = "env-example" })).Status);
        File.Delete(Path.Combine(_dir, ".env.example"));
        var missing = await Run(new() { ["mode"] = "env-example" });
        Assert.Equal(CheckStatus.Failed, missing.Status);
        Assert.Contains(".env.example does not exist", missing.Message);
    }

    [Fact]
    public async Task Api_key_variables_holding_real_looking_keys_warn_and_point_at_the_rotation_item()
    {
        _repo.Write("prod.env", "STRIPE_API_KEY=" + StripeLive() + "\nGITHUB_TOKEN=" + GitHubToken() + "\nSENTRY_API_KEY=changeme\nLOG_LEVEL=info\n");
        var result = await Run(new() { ["mode"] = "key-age", ["file"] = "prod.env", ["rotationItem"] = "security.api-keys-rotated" });
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Equal("2 API key variables in prod.env hold real-looking keys (GITHUB_TOKEN, STRIPE_API_KEY); confirm in item security.api-keys-rotated that they were rotated.", result.Message);
        Assert.DoesNotContain(StripeLive()[..10], string.Join("|", result.Evidence.Values) + result.Remediation);

        _repo.Write("dev.env", "STRIPE_API_KEY=changeme\nLOG_LEVEL=info\n");
        Assert.Equal(CheckStatus.Passed, (await Run(new() { ["mode"] = "key-age", ["file"] = "dev.env" })).Status);
    }

    [Fact]
    public async Task An_unknown_rule_id_names_the_allowed_rules()
    {
        var result = await Run(new() { ["rules"] = new List<object?> { "aws-key" } });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("'aws-key' is not one", result.Message);
    }

    [Fact]
    public async Task An_unknown_mode_or_a_history_flag_that_is_not_a_boolean_is_the_binders_error()
    {
        var mode = await Run(new() { ["mode"] = "rotate" });
        Assert.Equal(CheckStatus.Error, mode.Status);
        Assert.Equal("Item 'secrets.history': parameter 'mode' must be one of scan, env-example, key-age.", mode.Message);
        var history = await Run(new() { ["history"] = "sometimes" });
        Assert.Equal("Item 'secrets.history': parameter 'history' must be true or false.", history.Message);
    }
}

public sealed class SecretsChecklistTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create("readiness-secrets-yaml-");

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    [Fact]
    public async Task The_documented_checklist_loads_and_runs_every_mode()
    {
        var repo = TestRepo.Init(Directory.CreateDirectory(Path.Combine(_dir, "svc")).FullName);
        repo.Write("app.py", "import os\nkey = os.environ['PAYMENT_API_KEY']\n");
        repo.Write(".env.example", "DATABASE_URL=changeme\n");
        repo.Write("prod.env", "PAYMENT_API_KEY=" + FakeSecrets.StripeLive() + "\n");
        repo.Write(".gitignore", "prod.env\n");
        repo.Commit("service");
        File.WriteAllText(Path.Combine(_dir, "checklist.yaml"), """
            schemaVersion: 1
            name: secrets-demo
            variables:
              repo: svc
              envFile: svc/prod.env
            items:
              - id: security.secrets-not-in-code
                section: Security
                title: All secrets in environment variables (not code)
                severity: critical
                check:
                  type: secrets
                  path: ${repo}
              - id: security.no-secrets-in-history
                section: Security
                title: No secrets in Git history
                severity: critical
                check:
                  type: secrets
                  path: ${repo}
                  history: true
                  workingTree: false
              - id: security.env-example-complete
                section: Security
                title: .env.example updated with all required variables
                severity: medium
                check:
                  type: secrets
                  mode: env-example
                  path: ${repo}
                  required: [DATABASE_URL, JWT_SIGNING_KEY]
              - id: security.api-keys-age-hint
                section: Security
                title: API keys in the environment look live; confirm rotation
                severity: low
                check:
                  type: secrets
                  mode: key-age
                  file: ${envFile}
                  rotationItem: security.api-keys-rotated
            """);
        var checklist = ReadinessSession.Load(Path.Combine(_dir, "checklist.yaml"));
        var report = await new ChecklistRunner().RunAsync(checklist);
        Assert.Equal(new[] { CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Failed, CheckStatus.Warning }, report.Results.Select(r => r.Status));
        Assert.Equal(".env.example lacks 2 variables: JWT_SIGNING_KEY, PAYMENT_API_KEY.", report.Results[2].Message);
        Assert.DoesNotContain(FakeSecrets.StripeLive()[8..], ReportWriters.Render(report, "json"));
    }
}

public sealed class ShippedSecretsItemsTests
{
    [Fact]
    public async Task The_auth_service_secrets_items_are_automated_and_pass_on_the_sample()
    {
        var checklist = ReadinessSession.Load(Checklists.RepoFiles.Checklist("auth-service.yaml"), environment: _ => null);
        var ids = new[] { "secrets.no-secrets-in-code", "secrets.env-example-complete", "secrets.git-history-clean" };
        var report = await new ChecklistRunner().RunAsync(checklist, new RunOptions { Ids = ids.ToList(), EnvironmentLookup = _ => null });
        Assert.Equal(ids, report.Results.Select(r => r.Id));
        Assert.All(report.Results, r => Assert.True(r.CheckType == "secrets" && r.Status == CheckStatus.Passed, $"{r.Id}: {r.Status} {r.Message}"));
    }

    [Fact]
    public async Task This_repository_and_its_history_hold_no_secrets_outside_its_reviewed_allowlist()
    {
        var results = await ScanItem(Checklists.RepoFiles.Root, ("history", true));
        var scan = Assert.Single(results);
        Assert.True(scan.Status == CheckStatus.Passed, scan.Message);
    }

    /// <summary>The scan item Test-ReadinessSecrets and `readiness secrets` run, with the same id and timeout.</summary>
    internal static Task<IReadOnlyList<CheckResult>> ScanItem(string root, params (string Name, object? Value)[] parameters)
    {
        var values = parameters.ToDictionary(p => p.Name, p => p.Value);
        values["path"] = root;
        var item = new ChecklistItem
        {
            Id = "secrets.scan", Section = "Secrets", Title = "No secrets in the working tree or Git history", Severity = Severity.Critical,
            Check = new CheckSpec { Type = "secrets", Parameters = values },
        };
        return CheckHarness.RunItemResultsAsync(item, new RunEnvironment(root) { Timeout = TimeSpan.FromHours(1) });
    }
}
