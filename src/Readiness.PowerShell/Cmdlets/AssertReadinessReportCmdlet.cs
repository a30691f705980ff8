using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// The CI gate for pwsh steps: a terminating error naming the items that stopped the release when the decision is
/// not Go (or, with -FailOn NoGo, only when it is NoGo). Silent on success unless -PassThru.
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "ReadinessReport")]
[OutputType(typeof(ReadinessReport))]
public sealed class AssertReadinessReportCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ReadinessReport? InputObject { get; set; }

    [Parameter(Position = 0)]
    [ValidateSet(nameof(Readiness.Decision.Conditional), nameof(Readiness.Decision.NoGo))]
    public Decision FailOn { get; set; } = Decision.Conditional;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var report = InputObject!;
        var outcome = ReadinessGate.Evaluate(report, FailOn);
        if (!outcome.Passed)
            ThrowTerminatingError(new ErrorRecord(new ReadinessGateException(outcome), "ReadinessGateFailed", ErrorCategory.InvalidResult, report));
        WriteVerbose(outcome.Message);
        if (PassThru) WriteObject(report);
    }
}
