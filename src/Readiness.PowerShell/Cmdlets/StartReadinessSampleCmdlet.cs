using System.Collections;
using System.Management.Automation;
using Readiness.PowerShell.Hosting;
using Readiness.Sample;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Starts the bundled sample target on 127.0.0.1 (a free port), set up as `readiness demo` sets it up, and returns
/// where it listens and what a checklist run against it needs. It runs until Stop-ReadinessSample or the end of
/// the pwsh process.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "ReadinessSample", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ReadinessSample))]
public sealed class StartReadinessSampleCmdlet : ReadinessCmdlet
{
    [Parameter]
    public SwitchParameter Ready { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Checklist { get; set; }

    [Parameter]
    public Hashtable? Variable { get; set; }

    protected override void EndProcessing()
    {
        var configuration = Ready ? "ready" : "flawed";
        if (!ShouldProcess("127.0.0.1 (a free port)", $"Start the sample target in its {configuration} configuration")) return;
        var checklist = Checklist is null ? null : ResolvePath(Checklist);
        var session = Configured(() => SampleSessions.Start(new SampleSessionOptions
        {
            Ready = Ready,
            ChecklistPath = checklist,
            Variables = ToVariables(Variable),
            SearchFolder = SessionState.Path.CurrentFileSystemLocation.Path,
        }), Checklist);
        WriteVerbose($"sample target listening on {session.Url} ({configuration} configuration)");
        WriteObject(SampleView.Of(session));
    }
}

/// <summary>The object users see for a running sample session.</summary>
internal static class SampleView
{
    public static ReadinessSample Of(SampleSession session)
    {
        var variables = new Hashtable(StringComparer.Ordinal);
        foreach (var (name, value) in session.Variables) variables[name] = value;
        return new ReadinessSample
        {
            Id = session.Id,
            Url = session.Url,
            Port = session.Target.Port,
            Ready = session.Ready,
            ChecklistPath = session.ChecklistPath,
            Variables = variables,
            EvidencePath = session.EvidencePath,
            StartTime = session.StartTime,
            Running = session.IsRunning,
        };
    }
}
