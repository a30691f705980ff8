using System.Collections.Concurrent;
using System.Management.Automation;
using Readiness.Core.Running;

namespace Readiness.PowerShell.Hosting;

/// <summary>
/// Base of every Readiness cmdlet. Engine work runs on a worker thread; everything it wants written (objects,
/// progress, verbose, warnings, errors) is queued and drained here on the pipeline thread, because PowerShell
/// forbids Write* from other threads. StopProcessing cancels the token handed to the engine.
/// </summary>
public abstract class ReadinessCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stop = new();
    private BlockingCollection<Action>? _queue;

    protected CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// Runs <paramref name="work"/> off the pipeline thread and pumps its output here until it completes.
    /// Cancellation from Ctrl+C becomes a clean pipeline stop.
    /// </summary>
    protected T RunEngine<T>(Func<IReadinessHost, CancellationToken, Task<T>> work)
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
    }

    protected void RunEngine(Func<IReadinessHost, CancellationToken, Task> work) =>
        RunEngine<bool>(async (h, ct) => { await work(h, ct).ConfigureAwait(false); return true; });

    /// <summary>Writes an object from engine code; safe from any thread while <see cref="RunEngine{T}"/> is pumping.</summary>
    protected void Emit(object value)
    {
        if (_queue is { } q && !q.IsAddingCompleted) q.Add(() => WriteObject(value));
        else WriteObject(value);
    }

    /// <summary>A non-terminating error for one item, with id, category and target.</summary>
    protected void WriteItemError(Exception exception, string errorId, ErrorCategory category, object? target) =>
        WriteError(new ErrorRecord(exception, errorId, category, target));

    /// <summary>A terminating configuration error (bad checklist, undefined variable, nothing selected).</summary>
    protected void ThrowConfigurationError(Exception exception, string errorId, object? target) =>
        ThrowTerminatingError(new ErrorRecord(exception, errorId, ErrorCategory.InvalidData, target));

    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

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
        public bool ShouldProcess(string target, string action)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!Post(() => answer.SetResult(cmdlet.ShouldProcess(target, action)))) return false;
            return answer.Task.GetAwaiter().GetResult();
        }

        private bool Post(Action action)
        {
            try { queue.Add(action); return true; }
            catch (InvalidOperationException) { return false; }
        }
    }
}
