using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests.Commands;

/// <summary>`readiness kubernetes`: the kubernetes check's rules from the command line, one result per rule.</summary>
public sealed class KubernetesCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-k8s-" + Guid.NewGuid().ToString("N")[..10]);

    public KubernetesCommandTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "job.yaml"), """
            apiVersion: batch/v1
            kind: CronJob
            metadata: { name: nightly }
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [ { name: backup, image: "backup:latest", securityContext: { privileged: true } } ]
            """);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_privileged_cronjob_with_a_latest_image_exits_1_naming_the_fields()
    {
        var run = CliRunner.Invoke(_dir, "kubernetes", "--path", "job.yaml", "--rule", "images", "privileged", "probes", "--format", "json", "--output", "k8s.json");
        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "k8s.json")));
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        Assert.Equal("Failed", results["kubernetes.images"].GetProperty("status").GetString());
        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged",
            results["kubernetes.privileged"].GetProperty("evidence").GetProperty("fields").GetString());
        Assert.Equal("Skipped", results["kubernetes.probes"].GetProperty("status").GetString()); // a CronJob runs to completion
    }

    [Fact]
    public void A_rule_the_workload_passes_exits_0_and_an_unknown_rule_is_an_error_result()
    {
        Assert.Equal(0, CliRunner.Invoke(_dir, "kubernetes", "--path", "job.yaml", "--rule", "host-path").ExitCode);
        var unknown = CliRunner.Invoke(_dir, "kubernetes", "--path", "job.yaml", "--rule", "nonsense", "--format", "json");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("one or more of replicas, hpa", unknown.Out);
    }
}
