using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Kubernetes;

public sealed class KubernetesCheckTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Checks", "Fixtures", "k8s");
    private static readonly string Good = File.ReadAllText(Path.Combine(Fixtures, "good.yaml"));
    private readonly string _dir = TempFolder.Create();
    private static readonly WorkloadRuleOptions Seed = new() { MaxMemoryBytes = 200 * 1024 * 1024 };

    public void Dispose() => TempFolder.Delete(_dir);

    private static IReadOnlyList<WorkloadFinding> All(string yaml)
    {
        var objects = ManifestReader.ReadText(yaml, "manifest.yaml");
        return WorkloadRules.Workloads(objects).SelectMany(w => WorkloadRules.Names.SelectMany(r => WorkloadRules.Evaluate(r, w, objects, Seed))).ToList();
    }

    [Fact]
    public void The_good_helm_output_with_anchors_passes_every_rule() => Assert.Empty(All(Good));

    [Fact]
    public void An_argo_blue_green_rollout_pinned_by_digest_passes_except_monitoring() =>
        Assert.All(All(File.ReadAllText(Path.Combine(Fixtures, "argo-rollout.yaml"))), f => Assert.Contains(f.Rule, new[] { "monitoring", "pdb", "hpa" }));

    [Theory]
    [InlineData("replicas: 3", "replicas: 1", "minReplicas: 2", "minReplicas: 1", "replicas", "spec.minReplicas")]
    [InlineData("  metrics:\n    - type: Resource\n      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }\n", "", null, null, "hpa", "spec.metrics")]
    [InlineData("matchLabels: { app: auth }\n---\napiVersion: v1", "matchLabels: { app: other }\n---\napiVersion: v1", null, null, "pdb", "(PodDisruptionBudget)")]
    [InlineData("          livenessProbe:\n            httpGet: { path: /health/live, port: 8080 }\n", "", null, null, "probes", "spec.template.spec.containers[0].livenessProbe")]
    [InlineData("limits: { cpu: \"1\", memory: 192Mi }", "limits: { memory: 192Mi }", null, null, "resources", "spec.template.spec.containers[0].resources.limits.cpu")]
    [InlineData("memory: 192Mi }", "memory: 512Mi }", null, null, "memory-limit", "spec.template.spec.containers[0].resources.limits.memory")]
    [InlineData("maxUnavailable: 0", "maxUnavailable: 1", null, null, "rollout", "spec.strategy.rollingUpdate.maxUnavailable")]
    [InlineData("auth:1.4.2", "auth:latest", null, null, "images", "spec.template.spec.containers[0].image")]
    [InlineData("      securityContext:\n        runAsNonRoot: true\n", "", null, null, "non-root", "spec.template.spec.containers[0].securityContext.runAsNonRoot")]
    [InlineData("            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: auth-db, key: password }\n", "            - name: DB_PASSWORD\n              value: s3cr3t-Prod-Passw0rd\n", null, null, "env-secrets", "spec.template.spec.containers[0].env[2].value")]
    [InlineData("kind: ServiceMonitor", "kind: ServiceMonitorDisabled", null, null, "monitoring", "(ServiceMonitor/PodMonitor)")]
    public void Each_defect_is_reported_by_its_rule_with_the_workload_and_field(string from, string to, string? from2, string? to2, string rule, string field)
    {
        var yaml = Good.Replace(from, to);
        Assert.NotEqual(Good, yaml);
        if (from2 is not null) yaml = yaml.Replace(from2, to2!);
        var findings = All(yaml);
        var finding = Assert.Single(findings);
        Assert.Equal(rule, finding.Rule);
        Assert.Equal(field, finding.FieldPath);
        Assert.Equal("Deployment/auth", finding.Workload.Display);
    }

    [Fact]
    public void Kubectl_list_output_is_read_item_by_item_and_a_statefulset_is_judged()
    {
        var findings = All(File.ReadAllText(Path.Combine(Fixtures, "kubectl-list.yaml")));
        var rules = findings.Select(f => f.Rule).Distinct().ToList();
        Assert.All(findings, f => Assert.Equal("StatefulSet/db", f.Workload.Display));
        foreach (var rule in new[] { "replicas", "probes", "resources", "memory-limit", "rollout", "images", "non-root", "env-secrets" })
            Assert.Contains(rule, rules);
        Assert.Contains(findings, f => f.Rule == "memory-limit" && f.Message.Contains("1Gi"));
    }

    [Fact]
    public async Task The_check_reports_the_memory_threshold_of_the_seed_through_a_checklist_item()
    {
        File.WriteAllText(Path.Combine(_dir, "deploy.yaml"), Good.Replace("memory: 192Mi }", "memory: 256Mi }"));
        var item = new ChecklistItem { Id = "perf.memory", Section = "2.1 Load Testing", Title = "Memory usage acceptable (<200MB per instance)", Check = new CheckSpec { Type = "kubernetes", Parameters = new() { ["path"] = "deploy.yaml", ["rule"] = "memory-limit", ["maxMemory"] = "200MB" } } };
        var result = await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("256Mi", result.Message);
        Assert.Contains("Deployment/auth spec.template.spec.containers[0].resources.limits.memory", result.Remediation);
    }

    [Fact]
    public async Task Manifest_variables_feed_the_env_check()
    {
        File.WriteAllText(Path.Combine(_dir, "deploy.yaml"), Good);
        async Task<CheckResult> Env(string name, string equals)
        {
            var item = new ChecklistItem { Id = "e", Section = "S", Title = "t", Check = new CheckSpec { Type = "env", Parameters = new() { ["source"] = "kubernetes", ["file"] = "deploy.yaml", ["name"] = name, ["equals"] = equals } } };
            return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        }
        Assert.Equal(CheckStatus.Passed, (await Env("DIFFVER_ENV", "production")).Status);
        Assert.Equal(CheckStatus.Passed, (await Env("DIFFVER_SIGNER_MODE", "aws-kms")).Status);
        var wrong = await Env("DIFFVER_AUTH_REQUIRED", "0");
        Assert.Equal(CheckStatus.Failed, wrong.Status);
        Assert.Contains("Kubernetes manifests", wrong.Message);
    }

    [Fact]
    public void The_review_behind_the_cmdlet_gives_one_result_per_workload_and_rule()
    {
        var objects = ManifestReader.ReadText(Good.Replace("auth:1.4.2", "auth:latest"), "pipeline");
        var results = KubernetesReview.Run(objects, new[] { "images", "replicas" }, Seed);
        Assert.Equal(new[] { "kubernetes.prod.deployment.auth.images", "kubernetes.prod.deployment.auth.replicas" }, results.Select(r => r.Id));
        Assert.Equal(CheckStatus.Failed, results[0].Status);
        Assert.Equal("spec.template.spec.containers[0].image", results[0].Evidence["fields"]);
        Assert.Equal(CheckStatus.Passed, results[1].Status);
    }

    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestReader.ReadText("apiVersion: v1\nkind: Service\nmetadata: { name: x\n", "svc.yaml"));
        Assert.StartsWith("svc.yaml:", ex.Message);
    }

    [Fact]
    public void Arbitrary_text_gives_only_a_manifest_error()
    {
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string>(text =>
        {
            try
            {
                var objects = ManifestReader.ReadText(text ?? "", "x.yaml");
                foreach (var w in WorkloadRules.Workloads(objects))
                    foreach (var r in WorkloadRules.Names) WorkloadRules.Evaluate(r, w, objects, Seed);
            }
            catch (ManifestException) { }
            return true;
        }));
    }

    [Theory]
    [InlineData("nginx", false)]
    [InlineData("nginx:latest", false)]
    [InlineData("registry:5000/team/app", false)]
    [InlineData("registry:5000/team/app:1.2", true)]
    [InlineData("app@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", true)]
    public void Image_pinning(string image, bool pinned) => Assert.Equal(pinned, WorkloadRules.IsPinned(image));
}
