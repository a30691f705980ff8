using System.Management.Automation;
using Readiness.PowerShell.Hosting;
using Readiness.Sample;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Stops sample targets started by Start-ReadinessSample and deletes their temporary evidence files.</summary>
[Cmdlet(VerbsLifecycle.Stop, "ReadinessSample", DefaultParameterSetName = "InputObject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ReadinessSample))]
public sealed class StopReadinessSampleCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    public ReadinessSample[] InputObject { get; set; } = Array.Empty<ReadinessSample>();

    [Parameter(ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var targets = ParameterSetName == "All"
            ? SampleSessions.All.Select(SampleView.Of).ToArray()
            : InputObject;
        foreach (var sample in targets)
        {
            if (!ShouldProcess(sample.Url, "Stop the sample target")) continue;
            // Stopping twice is not an error: cleanup in finally blocks and AfterAll may run after an earlier stop.
            var stopped = RunEngine((_, _) => SampleSessions.StopAsync(sample.Id));
            if (!stopped) WriteVerbose($"The sample target at {sample.Url} was not running in this process.");
            sample.Running = false;
            if (PassThru) WriteObject(sample);
        }
    }
}
