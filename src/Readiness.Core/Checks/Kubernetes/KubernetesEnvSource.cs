using Readiness.Core.Checks.Env;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// <c>env</c> with <c>source: kubernetes</c>: variables set literally in Deployments/StatefulSets/Rollouts (container
/// env) and ConfigMaps (data) of the manifests at <c>file</c>, so DIFFVER_* settings can be checked before deploying.
/// Values from secretKeyRef are not readable here and count as set with a hidden value.
/// </summary>
public sealed class KubernetesEnvSource : IEnvSource
{
    public string Name => "kubernetes";

    public Dictionary<string, string> Read(CheckContext context, out string where)
    {
        var path = context.ResolvePath(context.Parameters.RequireString("file"));
        where = $"the Kubernetes manifests at {Path.GetFileName(path)}";
        var objects = ManifestReader.ReadPath(path);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var map in objects.Where(o => o.Kind == "ConfigMap"))
            foreach (var (k, v) in K8sPath.Map(map.Root, "data")) values[k] = v;
        foreach (var w in WorkloadRules.Workloads(objects))
            foreach (var container in K8sPath.Items(w.Root, "spec.template.spec.containers"))
                foreach (var env in K8sPath.Items(container, "env"))
                {
                    var name = K8sPath.Text(env, "name");
                    if (name is null) continue;
                    if (K8sPath.Text(env, "value") is { } literal) values[name] = literal;
                    else if (K8sPath.Get(env, "valueFrom") is not null && !values.ContainsKey(name)) values[name] = "(from " + (K8sPath.Get(env, "valueFrom.secretKeyRef") is not null ? "a Secret" : "a reference") + ")";
                }
        return values;
    }
}
