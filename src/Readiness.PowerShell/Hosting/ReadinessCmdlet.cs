using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using Readiness.Core.Running;

namespace Readiness.PowerShell.Hosting;

/// <summary>
/// Base of every Readiness cmdlet. Engine work runs on a worker thread; everything it wants written (objects,
/// progress, verbose, warnings, errors) is queued and drained here on the pipeline thread, because PowerShell
/// forbids Write* from other threads. StopProcessing cancels the token handed to the engine.
/// Fields and public members stay free of engine (Readiness.Core) types: PowerShell inspects cmdlet classes before
/// the module initializer has wired the private load context, and only method bodies may reach into the engine.
/// </summary>
public abstract partial class ReadinessCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stop = new();
    private BlockingCollection<Action>? _queue;

    protected CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// Runs <paramref name="work"/> off the pipeline thread and pumps its output here until it completes.
    /// Cancellation from Ctrl+C becomes a clean pipeline stop.
    /// </summary>
    protected T RunEngine<T>(Func<IReadinessHost, CancellationToken, Task<T>> work, object? target = null)
    {
        using var queue = new BlockingCollection<Action>();
        _queue = queue;
        var host = new QueuedHost(this, queue);
        var task = Task.Run(async () =>
        {
            try { return await work(host, _stop.Token).ConfigureAwait(false); }
            finally { queue.CompleteAdding(); }
        });
        foreach (var action in queue.GetConsumingEnumerable()) action();
        _queue = null;
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception ex) when (ErrorRecords.Engine(ex, target) is { } record)
        {
            // An id and category scripts can catch on, instead of the exception's type name and NotSpecified.
            ThrowTerminatingError(record);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>
    /// Runs the items <paramref name="add"/> puts on an <see cref="AdHocRun"/> through the checklist runner, with this
    /// cmdlet's progress and confirmation host and PowerShell's current location as the base folder for relative paths.
    /// </summary>
    /// <param name="environment">Where the checks read variables; the process environment when null.</param>
    /// <param name="confirmed">The cmdlet has already asked ShouldProcess for everything the items do, so the runner does not ask again.</param>
    protected IReadOnlyList<CheckResult> RunItems(string activity, TimeSpan? timeout, Action<AdHocRun> add, object? target = null,
        Func<string, string?>? environment = null, bool confirmed = false) =>
        RunEngine((host, ct) =>
        {
            var run = new AdHocRun(activity, CurrentFolder)
            {
                Host = confirmed ? new ConfirmedHost(host) : host, Timeout = timeout, EnvironmentLookup = environment,
            };
            add(run);
            return run.RunAsync(ct);
        }, target);

    /// <summary>PowerShell's current file-system location (not the process's): where a cmdlet's relative paths resolve.</summary>
    protected string CurrentFolder => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

    protected void RunEngine(Func<IReadinessHost, CancellationToken, Task> work, object? target = null) =>
        RunEngine<bool>(async (h, ct) => { await work(h, ct).ConfigureAwait(false); return true; }, target);

    /// <summary>Writes an object from engine code; safe from any thread while <see cref="RunEngine{T}"/> is pumping.</summary>
    protected void Emit(object value)
    {
        if (_queue is { } q && !q.IsAddingCompleted) q.Add(() => WriteObject(value));
        else WriteObject(value);
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the pipeline thread and waits for its answer; engine code on the worker uses it
    /// for host UI prompts, which PowerShell only allows on the pipeline thread.
    /// </summary>
    protected T OnPipelineThread<T>(Func<T> call)
    {
        if (_queue is not { } q || q.IsAddingCompleted) return call();
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        q.Add(() =>
        {
            try { answer.SetResult(call()); }
            catch (Exception ex) { answer.SetException(ex); }
        });
        return answer.Task.GetAwaiter().GetResult();
    }

    /// <summary>A non-terminating error for one item, with id, category and target.</summary>
    protected void WriteItemError(Exception exception, string errorId, ErrorCategory category, object? target) =>
        WriteError(new ErrorRecord(exception, errorId, category, target));

    /// <summary>A terminating configuration error (bad checklist, undefined variable, nothing selected).</summary>
    protected void ThrowConfigurationError(Exception exception, string errorId, object? target, ErrorCategory category = ErrorCategory.InvalidData) =>
        ThrowTerminatingError(new ErrorRecord(exception, errorId, category, target));

    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// On GitHub Actions or Azure DevOps, tells the CI system about a report this cmdlet produced: Core decides what
    /// (step summary, annotations, logged issues, task result) and this writes its commands through the host as
    /// Write-Host does, so a pwsh step's log carries them as Pester -CI's do. Outside CI, or with
    /// READINESS_CI_OUTPUT=off, nothing happens.
    /// </summary>
    protected void PublishToCi(ReadinessReport report)
    {
        using var commands = new StringWriter();
        var done = Readiness.Core.Reporting.CiEnvironment.Detect().Publish(report, null, commands);
        foreach (var line in commands.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            WriteInformation(new HostInformationMessage { Message = line.TrimEnd('\r') }, new[] { "PSHOST" });
        foreach (var line in done) WriteVerbose($"Readiness {line}.");
    }

    /// <summary>
    /// Runs engine work whose failure is a configuration error (bad checklist, empty selection, undefined variable)
    /// and turns such a failure into a terminating error with a stable id; anything else propagates unchanged.
    /// </summary>
    protected T Configured<T>(Func<T> work, object? target)
    {
        try
        {
            return work();
        }
        catch (Exception ex) when (ex is not PipelineStoppedException && ErrorRecords.Configuration(ex, target) is { } record)
        {
            ThrowTerminatingError(record);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>-Variable @{ name = value } as the engine's string map; values are formatted invariantly.</summary>
    protected static Dictionary<string, string> ToVariables(Hashtable? table)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table is null) return result;
        foreach (DictionaryEntry entry in table)
        {
            var key = Unwrap(entry.Key)?.ToString();
            if (string.IsNullOrEmpty(key)) continue;
            result[key] = Unwrap(entry.Value) switch
            {
                null => "",
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString() ?? "",
            };
        }
        return result;
    }

    private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

    private sealed class QueuedHost(ReadinessCmdlet cmdlet, BlockingCollection<Action> queue) : IReadinessHost
    {
        private readonly int _activityId = Random.Shared.Next(1, int.MaxValue);

        public void Progress(RunProgress progress) => Post(() =>
        {
            var record = new ProgressRecord(_activityId, progress.Activity, progress.CurrentItem ?? "starting")
            {
                PercentComplete = Math.Clamp(progress.Percent, 0, 100),
                RecordType = progress.Total > 0 && progress.Completed >= progress.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            if (progress.Detail is not null) record.CurrentOperation = progress.Detail;
            cmdlet.WriteProgress(record);
        });

        public void Log(LogLevel level, string message) => Post(() =>
        {
            if (level == LogLevel.Warning) cmdlet.WriteWarning(message);
            else cmdlet.WriteVerbose(message);
        });

        /// <summary>ShouldProcess must be asked on the pipeline thread: the worker waits for the answer.</summary>
        public Confirmation ShouldProcess(ConfirmationRequest request)
        {
            var answer = new TaskCompletionSource<Confirmation>(TaskCreationOptions.RunContinuationsAsynchronously);
            var posted = Post(() =>
            {
                try { answer.SetResult(Confirm(request)); }
                catch (Exception ex) { answer.TrySetException(ex); throw; }
            });
            return posted ? answer.Task.GetAwaiter().GetResult() : Confirmation.Refused("the command had already finished");
        }

        /// <summary>
        /// PowerShell prompts by the cmdlet's one ConfirmImpact, but a checklist mixes impacts (load High, a webhook
        /// delivery Medium). So each item's own impact is compared with $ConfirmPreference (or -Confirm) here, by
        /// Core's rule, and ShouldProcess is called only for items that are to be listed or asked about. A command
        /// declares the ConfirmImpact of the heaviest item it can run, so that ShouldProcess then really prompts.
        /// </summary>
        private Confirmation Confirm(ConfirmationRequest request)
        {
            var target = $"{request.ItemId}: {request.Target}";
            var description = $"Performing the operation \"{request.Action}\" on target \"{target}\".";
            var step = ConfirmationPolicy.Decide(request.Impact, WhatIfRequested(), ConfirmThreshold());
            if (step == ConfirmationStep.Proceed)
            {
                cmdlet.WriteVerbose(description);
                return Confirmation.Proceed;
            }
            try
            {
                if (cmdlet.ShouldProcess(description, $"Are you sure you want to perform this action?\n{description}", "Confirm", out var reason))
                    return Confirmation.Proceed;
                return reason == ShouldProcessReason.WhatIf ? Confirmation.WhatIf("-WhatIf was given") : Confirmation.Declined();
            }
            catch (Exception ex) when (ex is not PipelineStoppedException)
            {
                // -NonInteractive throws here, and so does a prompt whose standard input is closed (some CI steps).
                var why = ex is PSInvalidOperationException
                    ? "it needs confirmation and PowerShell is non-interactive; pass -Confirm:$false to run it, or -WhatIf to list it"
                    : $"it needs confirmation and the prompt failed ({ex.Message}); pass -Confirm:$false to run it";
                cmdlet.WriteWarning($"{request.ItemId} was not run: {why}.");
                return Confirmation.Refused(why);
            }
        }

        private bool WhatIfRequested() =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
                ? LanguagePrimitives.IsTrue(bound)
                : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

        /// <summary>The lowest impact that is asked about; null when nothing is (-Confirm:$false, $ConfirmPreference None).</summary>
        private ChangeImpact? ConfirmThreshold()
        {
            var preference = cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var bound)
                ? (LanguagePrimitives.IsTrue(bound) ? ConfirmImpact.Low : ConfirmImpact.None)
                : LanguagePrimitives.TryConvertTo(cmdlet.GetVariableValue("ConfirmPreference"), out ConfirmImpact value) ? value : ConfirmImpact.High;
            return preference == ConfirmImpact.None ? null : (ChangeImpact)(int)preference;
        }

        private bool Post(Action action)
        {
            try { queue.Add(action); return true; }
            catch (InvalidOperationException) { return false; }
        }
    }
}
