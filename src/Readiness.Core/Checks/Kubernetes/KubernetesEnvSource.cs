using k8s.Models;
using Readiness.Core.Checks.Env;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// <c>env</c> with <c>source: kubernetes</c>: variables set literally in the workloads' containers (env) and in
/// ConfigMaps (data) of the manifests at <c>file</c>, so DIFFVER_* settings can be checked before deploying.
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
        foreach (var map in objects.Select(o => o.As<V1ConfigMap>()).OfType<V1ConfigMap>())
            foreach (var (k, v) in map.Data ?? new Dictionary<string, string>()) values[k] = v;
        foreach (var w in Workload.Find(objects))
            foreach (var (container, _) in w.Containers)
                foreach (var env in container.Env ?? new List<V1EnvVar>())
                {
                    if (env.Name is null) continue;
                    if (env.Value is { } literal) values[env.Name] = literal;
                    else if (env.ValueFrom is not null && !values.ContainsKey(env.Name)) values[env.Name] = "(from " + (env.ValueFrom.SecretKeyRef is not null ? "a Secret" : "a reference") + ")";
                }
        return values;
    }
}
