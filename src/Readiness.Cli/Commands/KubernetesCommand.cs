using System.CommandLine;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary>`readiness kubernetes --path k8s/` or `--context prod --namespace auth`: the Test-ReadinessKubernetes rules from the command line.</summary>
public sealed class KubernetesCommand : ICliCommand
{
    public string Name => "kubernetes";

    public Command Build()
    {
        var path = new Option<string[]>("--path", "-p") { Description = "Manifest files or folders (helm template, kustomize build or kubectl get -o yaml output).", AllowMultipleArgumentsPerToken = true };
        var context = new Option<string?>("--context") { Description = "kubeconfig context of the live cluster to read." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace of the live cluster to read (with --path only: the manifests' default namespace)." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the pod's in-cluster account)." };
        var rule = new Option<string[]>("--rule", "-r") { Description = "Rules to judge (default all); see docs/checks/kubernetes.md.", AllowMultipleArgumentsPerToken = true };
        var workload = new Option<string?>("--workload") { Description = "Only the workload of this name." };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Largest memory limit per container, e.g. 200Mi or 200MB." };
        var minReplicas = new Option<int>("--min-replicas") { Description = "Fewest replicas a workload may run.", DefaultValueFactory = _ => 2 };
        var maxRestarts = new Option<int>("--max-restarts") { Description = "Container restarts from which a live pod counts as restarting.", DefaultValueFactory = _ => 3 };
        var format = new Option<string>("--format", "-f") { Description = "Output format (table, json, ...).", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on Conditional too, not only on NoGo." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show evidence and remediation in the table." };

        var command = new Command(Name, "Judge workloads against production rules, from manifests or a live namespace.")
        {
            path, context, ns, kubeconfig, rule, workload, maxMemory, minReplicas, maxRestarts, format, output, strict, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var paths = parse.GetValue(path) ?? Array.Empty<string>();
            var rules = parse.GetValue(rule) ?? Array.Empty<string>();
            var live = parse.GetValue(context) is not null || parse.GetValue(kubeconfig) is not null || paths.Length == 0;
            var parameters = new Dictionary<string, object?>
            {
                ["path"] = paths.Length > 0 ? paths.Cast<object?>().ToList() : null,
                ["context"] = parse.GetValue(context),
                ["namespace"] = live || parse.GetValue(ns) is null ? parse.GetValue(ns) ?? (paths.Length == 0 ? "default" : null) : null,
                ["kubeconfig"] = parse.GetValue(kubeconfig) is { } k ? Path.GetFullPath(k) : null,
                ["rule"] = rules.Length > 0 ? rules.Cast<object?>().ToList() : null,
                ["workload"] = parse.GetValue(workload),
                ["maxMemory"] = parse.GetValue(maxMemory),
                ["minReplicas"] = (long)parse.GetValue(minReplicas),
                ["maxRestarts"] = (long)parse.GetValue(maxRestarts),
            };
            var report = await new AdHocRun("Kubernetes", Directory.GetCurrentDirectory()) { Host = new ConsoleHost() }
                .Add("kubernetes", "kubernetes", "Kubernetes workloads follow production rules", Severity.High, parameters, section: "Kubernetes")
                .RunReportAsync(ct);
            Output.Write(report, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(verbose));
            return report.Decision switch
            {
                Decision.Go => ExitCodes.Go,
                Decision.Conditional when !parse.GetValue(strict) => ExitCodes.Go,
                _ => ExitCodes.Findings,
            };
        });
        return command;
    }
}
