using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Kubernetes;

public sealed class KubernetesCheckTests : IDisposable
{
    internal static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Checks", "Fixtures", "k8s");
    internal static readonly string Secure = File.ReadAllText(Path.Combine(Fixtures, "secure.yaml"));
    private static readonly string Good = File.ReadAllText(Path.Combine(Fixtures, "good.yaml"));
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    /// <summary>The item the Kubernetes tests run, its checklist folder <paramref name="directory"/>.</summary>
    internal static CheckRun Workloads(string directory) => new() { Id = "k", Section = "Kubernetes", Title = "Workloads", BaseDirectory = directory };

    private Task<IReadOnlyList<CheckResult>> Run(string yaml, params object?[] rules)
    {
        File.WriteAllText(Path.Combine(_dir, "manifests.yaml"), yaml);
        var p = new Dictionary<string, object?> { ["path"] = "manifests.yaml", ["maxMemory"] = "200MB" };
        if (rules.Length > 0) p["rule"] = rules.ToList();
        return CheckHarness.RunCheckResultsAsync("kubernetes", p, Workloads(_dir));
    }

    [Fact]
    public async Task The_secure_manifest_passes_every_rule_judged_from_files_one_result_per_rule()
    {
        var results = await Run(Secure);
        Assert.Equal(KubernetesRules.All.Where(r => !r.LiveOnly).Select(r => "k." + r.Name), results.Select(r => r.Id));
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Id}: {r.Status} {r.Message}"));
        Assert.Equal("Load balancer configured (Service of type LoadBalancer or an Ingress)", results.Single(r => r.Id == "k.load-balancer").Title);
    }

    [Theory]
    [InlineData("replicas", "minReplicas: 3", "minReplicas: 1", "spec.minReplicas")]
    [InlineData("hpa", "  metrics:\n    - type: Resource\n      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }\n", "", "spec.metrics")]
    [InlineData("hpa-range", "maxReplicas: 10", "maxReplicas: 3", "spec.maxReplicas")]
    [InlineData("pdb", "  minAvailable: 2\n  selector:\n    matchLabels: { app: shop }", "  minAvailable: 2\n  selector:\n    matchLabels: { app: other }", "(PodDisruptionBudget)")]
    [InlineData("pdb-drain", "minAvailable: 2", "minAvailable: 3", "spec.minAvailable")]
    [InlineData("probes", "          livenessProbe:\n            httpGet: { path: /live, port: 8080 }\n", "", "spec.template.spec.containers[0].livenessProbe")]
    [InlineData("resources", "limits: { cpu: 500m, memory: 128Mi }", "limits: { memory: 128Mi }", "spec.template.spec.containers[0].resources.limits.cpu")]
    [InlineData("memory-limit", "memory: 128Mi }", "memory: 512Mi }", "spec.template.spec.containers[0].resources.limits.memory")]
    [InlineData("rollout", "maxUnavailable: 0 }", "maxUnavailable: 1 }", "spec.strategy.rollingUpdate.maxUnavailable")]
    [InlineData("images", "shop:2.3.1", "shop:latest", "spec.template.spec.containers[0].image")]
    [InlineData("image-pull-policy", "imagePullPolicy: Always", "imagePullPolicy: IfNotPresent", "spec.template.spec.containers[0].imagePullPolicy")]
    [InlineData("env-secrets", "value: production\n          securityContext", "value: production\n            - name: API_TOKEN\n              value: tok-Very-Secret-99\n          securityContext", "spec.template.spec.containers[0].env[1].value")]
    [InlineData("configmap-secrets", "CACHE_TTL: \"300\"", "DB_PASSWORD: hunter2-Prod", "data.DB_PASSWORD")]
    [InlineData("non-root", "runAsNonRoot: true", "runAsNonRoot: false", "spec.template.spec.containers[0].securityContext.runAsNonRoot")]
    [InlineData("privilege-escalation", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation")]
    [InlineData("privileged", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n            privileged: true", "spec.template.spec.containers[0].securityContext.privileged")]
    [InlineData("capabilities", "drop: [ALL]", "drop: [ALL]\n              add: [SYS_ADMIN]", "spec.template.spec.containers[0].securityContext.capabilities.add[0]")]
    [InlineData("capabilities", "drop: [ALL]", "drop: [NET_RAW]", "spec.template.spec.containers[0].securityContext.capabilities.drop")]
    [InlineData("read-only-root-filesystem", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem")]
    [InlineData("host-namespaces", "      securityContext:\n        runAsNonRoot: true\n", "      hostPID: true\n      securityContext:\n        runAsNonRoot: true\n", "spec.template.spec.hostPID")]
    [InlineData("host-path", "emptyDir: {}", "hostPath: { path: /var/run/docker.sock }", "spec.template.spec.volumes[0].hostPath")]
    [InlineData("network-policy", "  podSelector:\n    matchLabels: { app: shop }", "  podSelector:\n    matchLabels: { app: other }", "(NetworkPolicy)")]
    [InlineData("load-balancer", "backend: { service: { name: shop,", "backend: { service: { name: other,", "(Service type LoadBalancer or Ingress)")]
    [InlineData("monitoring", "kind: ServiceMonitor", "kind: ServiceMonitorDisabled", "(ServiceMonitor/PodMonitor)")]
    public async Task Each_rule_passes_the_secure_manifest_and_fails_its_defect_naming_the_field(string rule, string from, string to, string field)
    {
        var passed = Assert.Single(await Run(Secure, rule));
        Assert.Equal(("k", CheckStatus.Passed), (passed.Id, passed.Status));
        var broken = Secure.Replace(from, to);
        Assert.NotEqual(Secure, broken);
        var failed = Assert.Single(await Run(broken, rule));
        Assert.Equal(CheckStatus.Failed, failed.Status);
        Assert.Contains(field, failed.Evidence["fields"].Split(", "));
        Assert.DoesNotContain("hunter2", failed.Message + failed.Remediation + string.Join(" ", failed.Evidence.Values));
        Assert.DoesNotContain("tok-Very-Secret", failed.Message + failed.Remediation + string.Join(" ", failed.Evidence.Values));
    }

    [Fact]
    public async Task A_service_of_type_load_balancer_also_puts_a_load_balancer_in_front()
    {
        var noIngress = Secure.Replace("backend: { service: { name: shop,", "backend: { service: { name: other,");
        Assert.Equal(CheckStatus.Passed, Assert.Single(await Run(noIngress.Replace("type: ClusterIP", "type: LoadBalancer"), "load-balancer")).Status);
    }

    [Theory]
    [InlineData("matchExpressions: [ { key: app, operator: In, values: [shop, cart] } ]", CheckStatus.Passed)]
    [InlineData("matchExpressions: [ { key: app, operator: NotIn, values: [shop] } ]", CheckStatus.Failed)]
    [InlineData("matchExpressions: [ { key: tier, operator: Exists } ]", CheckStatus.Passed)]
    [InlineData("matchExpressions: [ { key: tier, operator: DoesNotExist } ]", CheckStatus.Failed)]
    [InlineData("{ matchLabels: { app: shop }, matchExpressions: [ { key: tier, operator: In, values: [db] } ] }", CheckStatus.Failed)]
    public async Task A_pdb_selector_with_match_expressions_is_evaluated_as_kubernetes_does(string selector, CheckStatus expected)
    {
        const string Budget = "  selector:\n    matchLabels: { app: shop }\n---\napiVersion: v1\nkind: Service";
        var replacement = selector.StartsWith('{') ? $"  selector: {selector}" : $"  selector:\n    {selector}";
        var yaml = Secure.Replace(Budget, replacement + "\n---\napiVersion: v1\nkind: Service");
        Assert.NotEqual(Secure, yaml);
        Assert.Equal(expected, Assert.Single(await Run(yaml, "pdb")).Status);
    }

    [Fact]
    public async Task Every_workload_kind_is_found_where_it_keeps_its_pod_template()
    {
        var yaml = File.ReadAllText(Path.Combine(Fixtures, "all-kinds.yaml"));
        var images = Assert.Single(await Run(yaml, "images"));
        Assert.Equal(CheckStatus.Failed, images.Status);
        foreach (var where in new[] { "Pod/single spec.containers[0].image", "Deployment/d spec.template.spec.containers[0].image", "StatefulSet/s spec.template.spec.containers[0].image",
                     "DaemonSet/ds spec.template.spec.containers[0].image", "ReplicaSet/rs spec.template.spec.containers[0].image", "Job/j spec.template.spec.containers[0].image",
                     "CronJob/cj spec.jobTemplate.spec.template.spec.containers[0].image", "Rollout/r spec.template.spec.containers[0].image" })
            Assert.Contains(where, images.Evidence["where"].Split(", "));
        Assert.Equal("8", images.Evidence["workloads"]);
        // Probes are not asked of batch kinds: Jobs and CronJobs run to completion.
        var probes = Assert.Single(await Run(yaml, "probes"));
        Assert.DoesNotContain("Job/", probes.Evidence["where"]);
    }

    [Fact]
    public async Task A_file_with_no_workload_is_a_warning_that_says_so()
    {
        var result = Assert.Single(await Run("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: only }\ndata: { a: b }\n"));
        Assert.Equal(("k", CheckStatus.Warning), (result.Id, result.Status));
        Assert.StartsWith("No workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Rollout) found in manifests.yaml", result.Message);
    }

    [Fact]
    public async Task A_live_rule_without_a_cluster_and_an_unknown_rule_are_parameter_errors()
    {
        var live = Assert.Single(await Run(Secure, "pod-health"));
        Assert.Equal(CheckStatus.Error, live.Status);
        Assert.Contains("'pod-health' needs a live cluster (context/namespace)", live.Message);
        var unknown = Assert.Single(await Run(Secure, "replica"));
        Assert.Contains("one or more of replicas, hpa,", unknown.Message);
    }

    [Fact]
    public async Task The_seed_memory_threshold_fails_through_a_checklist_item_naming_one_rule()
    {
        File.WriteAllText(Path.Combine(_dir, "deploy.yaml"), Good.Replace("memory: 192Mi }", "memory: 256Mi }"));
        var result = await CheckHarness.RunCheckAsync("kubernetes", new() { ["path"] = "deploy.yaml", ["rule"] = "memory-limit", ["maxMemory"] = "200MB" },
            new CheckRun { Id = "perf.memory", Section = "2.1 Load Testing", Title = "Memory usage acceptable (<200MB per instance)", BaseDirectory = _dir });
        Assert.Equal(("perf.memory", CheckStatus.Failed), (result.Id, result.Status));
        Assert.Contains("256Mi (268.4 MB), above the 200 MB per instance", result.Message);
        Assert.Contains("Deployment/auth spec.template.spec.containers[0].resources.limits.memory", result.Remediation);
    }

    [Fact]
    public async Task Manifest_variables_feed_the_env_check()
    {
        File.WriteAllText(Path.Combine(_dir, "deploy.yaml"), Good);
        Task<CheckResult> Env(string name, string equals) =>
            CheckHarness.RunCheckAsync("env", new() { ["source"] = "kubernetes", ["file"] = "deploy.yaml", ["name"] = name, ["equals"] = equals }, new CheckRun { Id = "e", BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Passed, (await Env("DIFFVER_ENV", "production")).Status);
        Assert.Equal(CheckStatus.Passed, (await Env("DIFFVER_SIGNER_MODE", "aws-kms")).Status);
        var wrong = await Env("DIFFVER_AUTH_REQUIRED", "0");
        Assert.Equal(CheckStatus.Failed, wrong.Status);
        Assert.Contains("Kubernetes manifests", wrong.Message);
    }

    [Fact]
    public void Kubectl_list_output_and_crds_are_read_into_kubernetes_client_models()
    {
        var objects = ManifestReader.ReadText(File.ReadAllText(Path.Combine(Fixtures, "kubectl-list.yaml")), "list.yaml");
        Assert.Contains(objects, o => o.Model is k8s.Models.V1StatefulSet { Metadata.Name: "db" });
        var rollout = ManifestReader.ReadText(File.ReadAllText(Path.Combine(Fixtures, "argo-rollout.yaml")), "r.yaml").Single(o => o.Kind == "Rollout");
        Assert.IsType<CustomResource>(rollout.Model);
        Assert.NotNull(Workload.From(rollout));
    }

    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestReader.ReadText("apiVersion: v1\nkind: Service\nmetadata: { name: x\n", "svc.yaml"));
        Assert.StartsWith("svc.yaml:", ex.Message);
        var typed = Assert.Throws<ManifestException>(() => ManifestReader.ReadText("apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: many }\n", "d.yaml"));
        Assert.StartsWith("d.yaml:1: Deployment x cannot be read as apps/v1 Deployment", typed.Message);
    }

    [Fact]
    public void Arbitrary_text_gives_only_a_manifest_error()
    {
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string>(text =>
        {
            try
            {
                var inventory = new KubernetesInventory(ManifestReader.ReadText(text ?? "", "x.yaml"));
                foreach (var w in inventory.Workloads)
                    foreach (var r in KubernetesRules.All.Where(r => r.PerWorkload is not null)) r.PerWorkload!(w, inventory, new RuleOptions());
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
