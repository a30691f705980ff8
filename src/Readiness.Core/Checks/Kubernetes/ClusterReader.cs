using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>Everything read from one namespace of a live cluster, and the lists it refused.</summary>
public sealed class ClusterSnapshot
{
    public required string Where { get; init; }
    public required IReadOnlyList<ManifestObject> Objects { get; init; }
    public required IReadOnlyList<ForbiddenList> Forbidden { get; init; }
}

/// <summary>Where to find the cluster: a kubeconfig (named, from KUBECONFIG, or ~/.kube/config) and context, or the pod's in-cluster account.</summary>
public sealed record ClusterTarget(string? Context, string Namespace, string? Kubeconfig);

/// <summary>
/// Reads a namespace through KubernetesClient, list calls only (read-only), page by page (<c>limit</c>/<c>continue</c>).
/// A 403 on one list is recorded, not thrown, so the rules needing it warn; a CRD that is not installed lists as empty.
/// </summary>
public static class ClusterReader
{
    private const int PageSize = 250;

    public static KubernetesClientConfiguration Configuration(ClusterTarget target, Func<string, string?> environment)
    {
        var files = target.Kubeconfig is { } named ? new[] { named }
            : environment("KUBECONFIG") is { Length: > 0 } list ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : new[] { Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config") };
        var existing = files.Where(File.Exists).Select(f => new FileInfo(f)).ToArray();
        if (existing.Length == 0)
        {
            if (target.Kubeconfig is null && KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
            throw new FileNotFoundException($"No kubeconfig at {string.Join(", ", files)} (set KUBECONFIG or kubeconfig, or run inside a pod).");
        }
        // The first existing file of KUBECONFIG, as kubectl takes its current context from the first that sets one.
        return KubernetesClientConfiguration.BuildConfigFromConfigFile(existing[0], target.Context);
    }

    public static async Task<ClusterSnapshot> ReadAsync(ClusterTarget target, Func<string, string?> environment, CancellationToken ct)
    {
        using var client = new k8s.Kubernetes(Configuration(target, environment));
        var ns = target.Namespace;
        var objects = new List<ManifestObject>();
        var forbidden = new List<ForbiddenList>();
        var where = $"{target.Context ?? "current context"}/{ns}";

        async Task Read<T>(string resource, Func<string?, Task<(IEnumerable<T> Items, string? Continue)>> page) where T : IKubernetesObject<V1ObjectMeta>
        {
            try
            {
                string? token = null;
                do
                {
                    var (items, next) = await page(token).ConfigureAwait(false);
                    objects.AddRange(items.Select(i => new ManifestObject(i, where, null, ns)));
                    token = next;
                } while (!string.IsNullOrEmpty(token));
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden) { forbidden.Add(new ForbiddenList("list", resource, ns)); }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound && resource.Contains('.')) { } // CRD not installed
        }

        Task Custom(string group, string version, string plural, string kind) =>
            Read<CustomResource>($"{plural}.{group}", async token =>
            {
                var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(group, version, ns, plural, continueParameter: token, limit: PageSize, cancellationToken: ct).ConfigureAwait(false);
                var items = list.TryGetProperty("items", out var array) ? array.EnumerateArray().Select(i => WithKind(CustomResource.FromJson(i.GetRawText()), $"{group}/{version}", kind)).ToList() : new List<CustomResource>();
                var next = list.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("continue", out var c) ? c.GetString() : null;
                return (items, next);
            });

        await Read<V1Pod>("pods", async t => Page(await client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1Deployment>("deployments.apps", async t => Page(await client.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1StatefulSet>("statefulsets.apps", async t => Page(await client.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1DaemonSet>("daemonsets.apps", async t => Page(await client.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1ReplicaSet>("replicasets.apps", async t => Page(await client.AppsV1.ListNamespacedReplicaSetAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1Job>("jobs.batch", async t => Page(await client.BatchV1.ListNamespacedJobAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1CronJob>("cronjobs.batch", async t => Page(await client.BatchV1.ListNamespacedCronJobAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V2HorizontalPodAutoscaler>("horizontalpodautoscalers.autoscaling", async t => Page(await client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1PodDisruptionBudget>("poddisruptionbudgets.policy", async t => Page(await client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1Service>("services", async t => Page(await client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1Ingress>("ingresses.networking.k8s.io", async t => Page(await client.NetworkingV1.ListNamespacedIngressAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1NetworkPolicy>("networkpolicies.networking.k8s.io", async t => Page(await client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Read<V1ConfigMap>("configmaps", async t => Page(await client.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: t, limit: PageSize, cancellationToken: ct)));
        await Custom("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor");
        await Custom("monitoring.coreos.com", "v1", "podmonitors", "PodMonitor");
        await Custom("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule");
        await Custom("argoproj.io", "v1alpha1", "rollouts", "Rollout");
        return new ClusterSnapshot { Where = where, Objects = objects, Forbidden = forbidden };
    }

    private static (IEnumerable<T>, string?) Page<T>(IItems<T> list) where T : IKubernetesObject<V1ObjectMeta> =>
        (list.Items, (list as IMetadata<V1ListMeta>)?.Metadata?.ContinueProperty);

    private static CustomResource WithKind(CustomResource r, string apiVersion, string kind)
    {
        if (string.IsNullOrEmpty(r.Kind)) r.Kind = kind;
        if (string.IsNullOrEmpty(r.ApiVersion)) r.ApiVersion = apiVersion;
        return r;
    }
}
