using System.Diagnostics;

namespace Readiness.Core.Running;

/// <summary>Runs a checklist's items with bounded parallelism and a per-check timeout; results keep checklist order.</summary>
public sealed class ChecklistRunner
{
    private readonly CheckRegistry _registry;

    public ChecklistRunner(CheckRegistry? registry = null) => _registry = registry ?? CheckRegistry.Default;

    public async Task<ReadinessReport> RunAsync(Checklist checklist, RunOptions? options = null,
        IReadinessHost? host = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        host ??= NullHost.Instance;
        var items = ItemSelection.Select(checklist, options);

        var parallel = Math.Max(1, options.Parallel ?? checklist.Settings.Parallel ?? ChecklistSettings.DefaultParallel);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds ?? checklist.Settings.TimeoutSeconds ?? ChecklistSettings.DefaultTimeoutSeconds);
        var baseDirectory = checklist.Path is not null ? Path.GetDirectoryName(Path.GetFullPath(checklist.Path))!
            // Core never reads the process's current directory: a cmdlet's is not PowerShell's location.
            : options.BaseDirectory ?? throw new ArgumentException(
                $"Checklist '{checklist.Name}' has no file, so RunOptions.BaseDirectory must say where its relative paths resolve.");
        var judgedBy = options.Clock ?? RunClock.For(options.AsOf);
        var environment = new RunEnvironment(baseDirectory, checklist.Variables, options.EnvironmentLookup)
        {
            Timeout = timeout,
            Host = host,
            Attestations = options.Attestations,
            Clock = judgedBy,
            MaxResponseBytes = (checklist.Settings.MaxResponseMB ?? Probing.ResponseBody.DefaultLimitMegabytes) * 1024L * 1024,
        };

        var start = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var results = new IReadOnlyList<CheckResult>[items.Count];
        var completed = 0;
        host.Progress(new RunProgress($"Checking {checklist.Name}", null, 0, items.Count));

        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                // No detail: the item has started, so hosts can show what is in flight.
                host.Progress(new RunProgress($"Checking {checklist.Name}", items[index].Id, Volatile.Read(ref completed), items.Count));
                results[index] = await RunItemAsync(items[index], environment, ct).ConfigureAwait(false);
                var done = Interlocked.Increment(ref completed);
                host.Progress(new RunProgress($"Checking {checklist.Name}", items[index].Id, done, items.Count, results[index].Worst().Status.ToString()));
            }).ConfigureAwait(false);

        var now = judgedBy.GetUtcNow();
        var final = Evidence.WaiverPolicy.Apply(results.SelectMany(r => r).ToList(), options.Waivers, checklist.Settings.NonWaivable, now, out var waiverStates);
        var report = ReportBuilder.Build(checklist, final, start, clock.Elapsed, options.Target);
        report.Waivers = new(waiverStates);
        report.AsOf = options.AsOf;
        return report;
    }

    /// <summary>
    /// Runs one item: one result, or one per aspect for a check that judges several. Never throws except for
    /// cancellation requested by the caller.
    /// </summary>
    public async Task<IReadOnlyList<CheckResult>> RunItemAsync(ChecklistItem item, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var context = new CheckContext(item, new CheckParameters(item.Id, item.Check?.Parameters ?? new()), environment);
        var known = _registry.TryGet(item.CheckType, out var check);
        // Asked before the clock and the timeout start: a person thinking about the prompt is not the check being slow.
        var notRun = known ? Confirm(check, context, cancellationToken) : null;
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var timestamp = DateTimeOffset.Now;
        IReadOnlyList<CheckResult> results;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(environment.Timeout);
        try
        {
            if (!known)
                results = [context.Error($"Unknown check type '{item.CheckType}'. Allowed: {string.Join(", ", _registry.Types)}.")];
            else if (notRun is not null)
                results = [notRun];
            else
                results = await check.RunAsync(context, timeoutSource.Token).ConfigureAwait(false);
            if (results.Count == 0) results = [context.Error($"The '{item.CheckType}' check returned no result.")];
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            results = [context.Error($"The check did not finish within {environment.Timeout.TotalSeconds:0.#} s and was stopped.")];
        }
        catch (Probing.TargetFindingException ex)
        {
            results = [context.Fail(ex.Message)];
        }
        catch (Exception ex) when (ex is TimeoutException || ex.InnerException is TimeoutException)
        {
            results = [context.Error($"Timed out: {ex.Message}")];
        }
        catch (Exception ex)
        {
            results = [CouldNotRun(context, ex)];
        }

        foreach (var result in results) Complete(result, item, clock.Elapsed, timestamp, environment);
        return results;
    }

    // The checklist decides the item's own result; an aspect result keeps the aspect's id, title and severity.
    private static void Complete(CheckResult result, ChecklistItem item, TimeSpan duration, DateTimeOffset timestamp, RunEnvironment environment)
    {
        var isAspect = result.Id.StartsWith(item.Id + ".", StringComparison.Ordinal);
        if (!isAspect)
        {
            result.Id = item.Id;
            result.Title = item.Title;
            result.Severity = item.Severity;
        }
        else if (string.IsNullOrEmpty(result.Title))
            result.Title = item.Title;
        result.Section = item.Section;
        result.CheckType = item.CheckType;
        result.Remediation ??= item.Remediation;
        result.Duration = duration;
        result.Timestamp = timestamp;
        environment.Secrets.Scrub(result);
    }

    /// <summary>
    /// Asks the host before an item that changes or loads its target. Null means go ahead; otherwise the item's
    /// result: Skipped when not confirmed, Error when its parameters cannot even say what it would do.
    /// </summary>
    private static CheckResult? Confirm(ICheck check, CheckContext context, CancellationToken cancellationToken)
    {
        if (check is not ITargetChangingCheck changing) return null;
        try
        {
            if (changing.Plan(context) is not { } change) return null;
            var request = new ConfirmationRequest(context.Item.Id, context.Item.Title, change, changing.Impact);
            var answer = context.Environment.Host.ShouldProcess(request);
            return answer.Confirmed ? null : NotConfirmed.Result(context, request, answer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return CouldNotRun(context, ex);
        }
    }

    // A bad parameter and a malformed input file (InvalidDataException, by this project's convention, carries a
    // sentence about the input: file, line, what is wrong) explain themselves; anything else is the check's failure.
    private static CheckResult CouldNotRun(CheckContext context, Exception ex) =>
        context.Error(ex is CheckParameterException or InvalidDataException ? ex.Message : $"The check could not run: {ex.Message}");
}

public sealed class ChecklistSelectionException(string message) : Exception(message);
