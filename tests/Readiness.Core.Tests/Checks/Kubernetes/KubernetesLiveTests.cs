using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Kubernetes;

/// <summary>Live mode: KubernetesClient against a loopback API server, and kubectl against the same server for the file form.</summary>
public sealed class KubernetesLiveTests : IAsyncLifetime
{
    private static readonly string ClusterState = File.ReadAllText(Path.Combine(KubernetesCheckTests.Fixtures, "cluster-state.yaml"));
    /// <summary>secure.yaml as the cluster reports it: the Deployment mid-rollout (2 of 3 updated and available).</summary>
    private static readonly string Cluster = KubernetesCheckTests.Secure.Replace("          emptyDir: {}\n", "          emptyDir: {}\nstatus: { replicas: 3, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2 }\n")
                                             + "\n---\n" + ClusterState;
    private readonly string _dir = TempFolder.Create();
    private FakeKubernetesApi _api = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(Cluster);
        _kubeconfig = _api.WriteKubeconfig(_dir);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    private Task<IReadOnlyList<CheckResult>> Run(Dictionary<string, object?> parameters) =>
        CheckHarness.RunCheckResultsAsync("kubernetes", parameters, KubernetesCheckTests.Workloads(_dir) with { EnvironmentLookup = name => name == "KUBECONFIG" ? _kubeconfig : null });

    [Fact]
    public async Task A_live_namespace_is_judged_with_rollout_status_and_pod_health_reading_only_with_list_pages()
    {
        var results = await Run(new() { ["context"] = "fake", ["namespace"] = "prod" });
        var byId = results.ToDictionary(r => r.Id);
        Assert.Equal(CheckStatus.Passed, byId["k.probes"].Status);
        Assert.Equal("1", byId["k.probes"].Evidence["workloads"]); // the ReplicaSet and pods are the Deployment's, not workloads of their own
        var rollout = byId["k.rollout-status"];
        Assert.Equal(CheckStatus.Failed, rollout.Status);
        Assert.Contains("Deployment/shop has 2 updated and 2 available of 3 desired replica(s).", rollout.Message);
        var pods = byId["k.pod-health"];
        Assert.Equal(CheckStatus.Failed, pods.Status);
        Assert.Contains("Pod/shop-7d9c-b of Deployment/shop is not Ready.", pods.Message);
        Assert.Contains("Container web of Pod/shop-7d9c-b restarted 7 times (CrashLoopBackOff).", pods.Message);
        Assert.DoesNotContain("k.running-images", byId.Keys); // no manifests to compare with
        Assert.All(_api.Requests, r => Assert.StartsWith("GET ", r));
        Assert.Contains(_api.Requests, r => r.Contains("/pods?") && r.Contains("continue=1")); // two pods, one per page
    }

    [Fact]
    public async Task Manifests_and_a_cluster_together_compare_the_images_running_with_the_manifest()
    {
        File.WriteAllText(Path.Combine(_dir, "secure.yaml"), KubernetesCheckTests.Secure);
        var result = Assert.Single(await Run(new() { ["path"] = "secure.yaml", ["context"] = "fake", ["namespace"] = "prod", ["rule"] = "running-images" }));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("Pod/shop-7d9c-b runs registry.example.com/shop:2.3.0 in container web, the manifest names registry.example.com/shop:2.3.1.", result.Message);
        Assert.Equal("spec.template.spec.containers[0].image", result.Evidence["fields"]);
    }

    [Fact]
    public async Task A_list_the_cluster_refuses_warns_naming_the_verb_and_resource_and_the_rest_is_judged()
    {
        _api.Forbidden.Add("networkpolicies");
        var results = (await Run(new() { ["kubeconfig"] = _kubeconfig, ["namespace"] = "prod" })).ToDictionary(r => r.Id);
        var policy = results["k.network-policy"];
        Assert.Equal(CheckStatus.Warning, policy.Status);
        Assert.Equal("Rule network-policy not judged: the cluster refused 'list networkpolicies.networking.k8s.io' in namespace prod (HTTP 403 Forbidden); grant this read permission to judge it.", policy.Message);
        Assert.Equal(CheckStatus.Passed, results["k.load-balancer"].Status);
    }

    [Fact]
    public async Task An_unknown_context_is_an_error_naming_it()
    {
        var result = Assert.Single(await Run(new() { ["context"] = "staging", ["namespace"] = "prod" }));
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("staging", result.Message);
    }

    [Fact]
    public async Task Kubectl_get_o_yaml_of_the_same_server_gives_the_same_results_as_live_mode()
    {
        var cache = Path.Combine(_dir, "kubectl-cache");
        var kubectl = await Kubectl("--kubeconfig", _kubeconfig, "--cache-dir", cache, "-n", "prod", "get",
            "pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,horizontalpodautoscalers,poddisruptionbudgets,services,ingresses,networkpolicies,configmaps,"
            + "servicemonitors.monitoring.coreos.com,podmonitors.monitoring.coreos.com,prometheusrules.monitoring.coreos.com,rollouts.argoproj.io", "-o", "yaml");
        File.WriteAllText(Path.Combine(_dir, "kubectl.yaml"), kubectl);
        Assert.Contains("kind: List", kubectl);

        var fromFile = await Run(new() { ["path"] = "kubectl.yaml", ["maxMemory"] = "200MB" });
        var live = await Run(new() { ["context"] = "fake", ["namespace"] = "prod", ["maxMemory"] = "200MB" });
        var liveOnly = KubernetesRules.All.Where(r => r.LiveOnly).Select(r => "k." + r.Name).ToHashSet();
        Assert.Equal(fromFile.Select(r => (r.Id, r.Status, r.Message)), live.Where(r => !liveOnly.Contains(r.Id)).Select(r => (r.Id, r.Status, r.Message)));
        Assert.Equal(KubernetesRules.All.Count(r => !r.LiveOnly), fromFile.Count);
    }

    private async Task<string> Kubectl(params string[] args)
    {
        var outcome = await Readiness.Core.Probing.ProcessRunner.RunAsync(new Readiness.Core.Probing.ProcessRequest
        {
            Program = "kubectl", Arguments = args, Environment = new Dictionary<string, string?> { ["HOME"] = _dir, ["KUBECONFIG"] = null },
            Timeout = TimeSpan.FromMinutes(2),
        }, CancellationToken.None);
        Assert.True(outcome.Succeeded, $"kubectl exited {outcome.ExitCode}: {outcome.Error}");
        return outcome.Output;
    }
}
