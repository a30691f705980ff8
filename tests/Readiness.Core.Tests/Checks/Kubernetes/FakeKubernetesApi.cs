using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Kubernetes;

/// <summary>
/// A loopback server speaking the Kubernetes API as far as read-only clients use it: legacy discovery (/api, /apis,
/// /api/v1, /apis/{group}/{version}), namespaced list endpoints with the list shapes the API server returns (built-in
/// items without kind/apiVersion, custom resources with them), paging (<c>limit</c>/<c>continue</c>, one item per
/// page so every client follows continue tokens), and a 403 Status for resources it is told to refuse.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private sealed record Resource(string Group, string Version, string Plural, string Kind, bool Custom);

    private static readonly Resource[] Resources =
    {
        new("", "v1", "pods", "Pod", false), new("", "v1", "services", "Service", false), new("", "v1", "configmaps", "ConfigMap", false),
        new("apps", "v1", "deployments", "Deployment", false), new("apps", "v1", "statefulsets", "StatefulSet", false),
        new("apps", "v1", "daemonsets", "DaemonSet", false), new("apps", "v1", "replicasets", "ReplicaSet", false),
        new("batch", "v1", "jobs", "Job", false), new("batch", "v1", "cronjobs", "CronJob", false),
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", false),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", false),
        new("networking.k8s.io", "v1", "ingresses", "Ingress", false), new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", false),
        new("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", true), new("monitoring.coreos.com", "v1", "podmonitors", "PodMonitor", true),
        new("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule", true), new("argoproj.io", "v1alpha1", "rollouts", "Rollout", true),
    };

    private readonly WebApplication _app;
    private readonly List<ManifestObject> _objects;

    private FakeKubernetesApi(WebApplication app, string url, List<ManifestObject> objects)
    {
        _app = app;
        Url = url;
        _objects = objects;
    }

    public string Url { get; }
    /// <summary>Plurals answered with 403 Forbidden, as for a service account without that list permission.</summary>
    public HashSet<string> Forbidden { get; } = new(StringComparer.Ordinal);
    /// <summary>Every request path and query, to show the client paged and only read.</summary>
    public List<string> Requests { get; } = new();

    /// <summary>Serves the objects of <paramref name="manifests"/> (YAML, read through the check's own reader).</summary>
    public static async Task<FakeKubernetesApi> StartAsync(string manifests)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubernetesApi(app, $"http://127.0.0.1:{port}", ManifestReader.ReadText(manifests, "cluster").ToList());
        app.Run(api.HandleAsync);
        await app.StartAsync();
        return api;
    }

    /// <summary>A kubeconfig with one context, <paramref name="context"/>, pointing here with a bearer token.</summary>
    public string WriteKubeconfig(string folder, string context = "fake", string ns = "prod")
    {
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: fake
                cluster: {"{"} server: "{Url}" {"}"}
            users:
              - name: reader
                user: {"{"} token: fake-reader-token {"}"}
            contexts:
              - name: {context}
                context: {"{"} cluster: fake, user: reader, namespace: {ns} {"}"}
            current-context: {context}
            """);
        return path;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        lock (Requests) Requests.Add($"{http.Request.Method} {path}{http.Request.QueryString}");
        http.Response.ContentType = "application/json";
        if (http.Request.Method != "GET") { await Status(http, 405, "MethodNotAllowed", "read-only test server"); return; }
        var parts = path.Trim('/').Split('/');
        JsonNode? body = parts switch
        {
            ["api"] => new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() },
            ["apis"] => Groups(),
            ["api", "v1"] => ResourceList("v1", ""),
            ["apis", var g, var v] => ResourceList($"{g}/{v}", g),
            ["version"] => new JsonObject { ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.0" },
            _ => null,
        };
        if (body is not null) { await http.Response.WriteAsync(body.ToJsonString()); return; }

        var (group, version, ns, plural) = parts switch
        {
            ["api", "v1", "namespaces", var n, var p] => ("", "v1", n, p),
            ["apis", var g, var v, "namespaces", var n, var p] => (g, v, n, p),
            _ => ("", "", "", ""),
        };
        var resource = Resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);
        if (resource is null) { await Status(http, 404, "NotFound", $"the server could not find the requested resource ({path})"); return; }
        if (Forbidden.Contains(plural))
        {
            await Status(http, 403, "Forbidden", $"{plural}{(group == "" ? "" : "." + group)} is forbidden: User \"system:serviceaccount:ci:reader\" cannot list resource \"{plural}\" in API group \"{group}\" in the namespace \"{ns}\"");
            return;
        }
        await http.Response.WriteAsync(List(resource, ns, http.Request.Query["continue"].ToString(), http.Request.Query.ContainsKey("limit")).ToJsonString());
    }

    private JsonObject List(Resource resource, string ns, string token, bool limited)
    {
        var all = _objects.Where(o => o.Kind == resource.Kind && o.Namespace == ns).ToList();
        var start = int.TryParse(token, out var s) ? s : 0;
        var page = limited ? all.Skip(start).Take(1).ToList() : all;
        var items = new JsonArray(page.Select(o => Item(o, resource)).ToArray());
        var apiVersion = resource.Group == "" ? resource.Version : $"{resource.Group}/{resource.Version}";
        var metadata = new JsonObject { ["resourceVersion"] = "1000" };
        if (limited && start + 1 < all.Count) metadata["continue"] = (start + 1).ToString();
        return new JsonObject { ["kind"] = resource.Kind + "List", ["apiVersion"] = apiVersion, ["metadata"] = metadata, ["items"] = items };
    }

    private static JsonNode Item(ManifestObject o, Resource resource)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(o.Model))!.AsObject();
        if (!resource.Custom) { node.Remove("kind"); node.Remove("apiVersion"); }
        var meta = node["metadata"]!.AsObject();
        meta["namespace"] = o.Namespace;
        meta["uid"] = $"uid-{o.Kind}-{o.Name}".ToLowerInvariant();
        meta["resourceVersion"] = "1000";
        return node;
    }

    private static JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList", ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Resources.Where(r => r.Group != "").GroupBy(r => r.Group).Select(g =>
        {
            var gv = $"{g.Key}/{g.First().Version}";
            return (JsonNode)new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = gv, ["version"] = g.First().Version }),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = gv, ["version"] = g.First().Version },
            };
        }).ToArray()),
    };

    private static JsonObject ResourceList(string groupVersion, string group) => new()
    {
        ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(Resources.Where(r => (r.Group == "" ? r.Version : $"{r.Group}/{r.Version}") == groupVersion).Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Plural, ["singularName"] = r.Kind.ToLowerInvariant(), ["namespaced"] = true, ["kind"] = r.Kind,
            ["verbs"] = new JsonArray("get", "list", "watch"),
        }).ToArray()),
    };

    private static Task Status(HttpContext http, int code, string reason, string message)
    {
        http.Response.StatusCode = code;
        return http.Response.WriteAsync(new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
            ["message"] = message, ["reason"] = reason, ["code"] = code,
        }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
