using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Cli;

/// <summary>
/// CLI host: progress, logs and confirmation prompts go to standard error so standard output stays a clean report.
/// </summary>
public sealed class ConsoleHost : IReadinessHost
{
    /// <summary>--dry-run: items that change their target are listed and not run.</summary>
    public bool DryRun { get; init; }
    /// <summary>--yes: nothing is asked.</summary>
    public bool Yes { get; init; }
    public bool Ci { get; init; } = CiEnvironment.Detect().IsCi;
    /// <summary>Whether a person can answer; redirected standard input (a pipe, a scheduler) cannot.</summary>
    public bool CanAsk { get; init; } = !Console.IsInputRedirected;
    /// <summary>Stops a prompt that is waiting for an answer when the user presses Ctrl+C.</summary>
    public CancellationToken Cancellation { get; init; }

    private bool _yesToAll;

    private readonly object _gate = new();
    // The progress line redraws itself with '\r': only on a terminal, never into a redirected log.
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly ProgressLine _line = new();
    private bool _shown;

    public void Progress(RunProgress progress)
    {
        var text = _line.Update(progress);
        if (!_interactive) return;
        lock (_gate)
        {
            var width = Width();
            if (_line.Finished) { Clear(width); return; }
            Console.Error.Write("\r" + ProgressLine.Fit(text, width));
            _shown = true;
        }
    }

    public void Log(LogLevel level, string message)
    {
        if (level == LogLevel.Verbose) return;
        lock (_gate)
        {
            if (_shown) Clear(Width());
            Console.Error.WriteLine($"readiness: {message}");
        }
    }

    public Confirmation ShouldProcess(ConfirmationRequest request)
    {
        var step = ConfirmationPolicy.Decide(request.Impact, DryRun, ConfirmationPolicy.CliThreshold(request, Yes || _yesToAll, Ci));
        switch (step)
        {
            case ConfirmationStep.Proceed:
                return Confirmation.Proceed;
            case ConfirmationStep.ListOnly:
                Log(LogLevel.Information, $"dry run: would {Lower(request.Action)} on {request.Target} ({request.ItemId})");
                return Confirmation.WhatIf("--dry-run was given");
        }
        if (!CanAsk)
            return Confirmation.Refused("it loads a machine other than this one and there is no terminal to confirm it; pass --yes to run it");
        // One question at a time although items run in parallel, and the answer of an earlier "all" applies to the rest.
        lock (_gate)
        {
            if (_yesToAll) return Confirmation.Proceed;
            if (_shown) Clear(Width());
            Console.Error.Write($"readiness: {request.ItemId}: {request.Action} on {request.Target}. Run it? [y]es / [N]o / [a]ll: ");
            var read = Task.Run(Console.In.ReadLine);
            read.Wait(Cancellation);
            var answer = read.Result?.Trim().ToLowerInvariant();
            if (answer is "a" or "all") _yesToAll = true;
            return answer is "y" or "yes" or "a" or "all" ? Confirmation.Proceed : Confirmation.Declined();
        }
    }

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private void Clear(int width)
    {
        if (_shown) Console.Error.Write("\r" + new string(' ', width - 1) + "\r");
        _shown = false;
    }

    private static int Width()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 100; }
        catch (IOException) { return 100; }
    }
}
