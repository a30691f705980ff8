using System.Collections;
using System.Management.Automation;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Runs an HTTP load test (open model with -Rate, closed model otherwise, stress steps with -Stress) and writes
/// the LoadTestResult summary followed by the CheckResult its thresholds decide. The test runs as one ad hoc item
/// through the same runner as a checklist's load item.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ReadinessLoadTest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(LoadTestResult), typeof(CheckResult))]
public sealed class InvokeReadinessLoadTestCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Target")]
    [ValidateUriScheme("http", "https")]
    public Uri Uri { get; set; } = null!;

    [Parameter] public string Method { get; set; } = "GET";
    [Parameter] public Hashtable? Header { get; set; }
    /// <summary>Request body; {{n}} becomes the request's sequence number.</summary>
    [Parameter] public string? Body { get; set; }
    /// <summary>Arrival rate in requests per second: selects the open model.</summary>
    [Parameter] public double? Rate { get; set; }
    [Parameter] public int Connections { get; set; } = 16;
    [Parameter] public TimeSpan? Duration { get; set; }
    [Parameter] public long? Requests { get; set; }
    [Parameter] public TimeSpan? Warmup { get; set; }
    /// <summary>Timeout of each request in seconds.</summary>
    [Parameter] [ValidateRange(1, 600)] [TimeoutSecTransformation] [Alias("Timeout", "TimeoutSeconds")] public int? TimeoutSec { get; set; }
    /// <summary>k6-style thresholds: p95&lt;50ms, rate&gt;=10000, errors&lt;1%, memory&lt;200MB.</summary>
    [Parameter] public string[]? Threshold { get; set; }
    [Parameter] public SwitchParameter Stress { get; set; }
    [Parameter] public double? StressStart { get; set; }
    [Parameter] public double? StressStep { get; set; }
    [Parameter] public double? StressMax { get; set; }
    [Parameter] public TimeSpan? StressStepDuration { get; set; }
    /// <summary>Process id of the target on this machine, for the memory threshold (VmRSS).</summary>
    [Parameter] public int? ProcessId { get; set; }
    /// <summary>Prometheus metrics URL of the target, for the memory threshold.</summary>
    [Parameter] public Uri? MetricsUri { get; set; }
    [Parameter] public string? MemoryGauge { get; set; }
    /// <summary>Accept any TLS certificate (staging with a self-signed certificate).</summary>
    [Parameter] public SwitchParameter SkipCertificateCheck { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["url"] = Uri.ToString(), ["method"] = Method, ["connections"] = (long)Connections, ["rate"] = Rate,
            ["body"] = Body, ["duration"] = Duration?.TotalSeconds, ["requests"] = Requests, ["warmup"] = Warmup?.TotalSeconds,
            ["timeout"] = (double?)TimeoutSec, ["stress"] = Stress.IsPresent, ["stressStart"] = StressStart, ["stressStep"] = StressStep,
            ["stressMax"] = StressMax, ["stressStepDuration"] = StressStepDuration?.TotalSeconds, ["pid"] = (long?)ProcessId,
            ["metricsUrl"] = MetricsUri?.ToString(), ["memoryGauge"] = MemoryGauge, ["insecureTls"] = SkipCertificateCheck.IsPresent,
            ["thresholds"] = Threshold?.Cast<object?>().ToList(),
            ["headers"] = Header?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => (object?)e.Value?.ToString(), StringComparer.OrdinalIgnoreCase),
        };
        LoadTestRequest request;
        try { request = LoadCheck.ReadRequest(new CheckParameters("load", parameters), LoadOptions.MaxDuration); }
        catch (Exception ex) when (ex is CheckParameterException or ArgumentException or ThresholdFormatException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidLoadTest", ErrorCategory.InvalidArgument, Uri));
            return;
        }
        // The runner asks before the load (ShouldProcess through the host, by the item's High impact), as for a load item of a checklist.
        var cwd = SessionState.Path.CurrentFileSystemLocation.Path;
        var (ran, result, confirmation) = RunEngine((host, ct) => LoadSummaryHost.RunAsync(request, parameters, cwd, host, ct), Uri);
        if (confirmation is { Confirmed: false }) return; // -WhatIf, or declined: nothing was sent and nothing is written
        var summary = ran ?? LoadTest.Planned(request);
        WriteObject(summary);
        WriteObject(result);
    }
}
