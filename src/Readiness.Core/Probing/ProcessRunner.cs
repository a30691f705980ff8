using System.Diagnostics;
using System.Text;

namespace Readiness.Core.Probing;

/// <summary>What to run. Every check that starts a tool describes it with this and hands it to <see cref="ProcessRunner"/>.</summary>
public sealed record ProcessRequest
{
    public required string Program { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = Array.Empty<string>();
    public string? WorkingDirectory { get; init; }
    /// <summary>Set (or, with a null value, removed) on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
    /// <summary>Bounds the whole run, output pipes included; the process tree is killed when it passes. Null: cancellation only.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>How long, after the process exits, to wait for pipes that a child it left behind keeps open.</summary>
    public TimeSpan OutputGrace { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Characters kept of each stream; the rest is read and dropped so the tool never blocks on a full pipe.</summary>
    public int MaxOutputChars { get; init; } = 16 * 1024 * 1024;
    /// <summary>Past <see cref="MaxOutputChars"/>, keep the latest output (where a tool says why it failed) instead of the first.</summary>
    public bool KeepTail { get; init; }
    /// <summary>Standard output line by line instead of buffered (a history too large to hold); Output is then empty.</summary>
    public Action<string>? OnOutputLine { get; init; }
    public Encoding? OutputEncoding { get; init; }
}

public sealed record ProcessOutcome(int ExitCode, string Output, string Error, bool TimedOut, bool OutputTruncated, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// The one way Readiness runs an external tool: no shell, redirected output, the process tree killed on timeout or
/// cancellation, and a bounded wait for output after exit, so neither a tool that never ends nor a daemon it
/// spawned that inherits the pipe can hang a run. Throws <see cref="System.ComponentModel.Win32Exception"/> when the
/// program cannot be started and <see cref="OperationCanceledException"/> when the caller cancels.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(request.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = request.OutputEncoding ?? new UTF8Encoding(false),
            StandardErrorEncoding = request.OutputEncoding ?? new UTF8Encoding(false),
        };
        if (request.WorkingDirectory is not null) psi.WorkingDirectory = request.WorkingDirectory;
        foreach (var a in request.Arguments) psi.ArgumentList.Add(a);
        if (request.Environment is not null)
            foreach (var (k, v) in request.Environment)
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;

        var clock = Stopwatch.StartNew();
        cancellationToken.ThrowIfCancellationRequested();
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{request.Program} could not be started.");
        try
        {
            // A tool that waits for input gets end-of-file instead of hanging.
            process.StandardInput.Close();
            var output = new Sink(request.MaxOutputChars, request.KeepTail);
            var error = new Sink(request.MaxOutputChars, request.KeepTail);
            var pumps = Task.WhenAll(
                StartPump(process.StandardOutput, output, request.OnOutputLine),
                StartPump(process.StandardError, error, null));

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (request.Timeout is { } t) deadline.CancelAfter(t);
            var timedOut = false;
            try { await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                Kill(process);
                timedOut = !cancellationToken.IsCancellationRequested;
            }
            await Task.WhenAny(pumps, Task.Delay(request.OutputGrace, CancellationToken.None)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (pumps.IsFaulted && pumps.Exception?.InnerException is { } pumpError and not IOException and not ObjectDisposedException)
                throw pumpError;
            var exitCode = process.HasExited ? process.ExitCode : -1;
            return new ProcessOutcome(timedOut ? -1 : exitCode, output.Text, error.Text, timedOut, output.Truncated || error.Truncated, clock.Elapsed);
        }
        finally
        {
            if (!process.HasExited) Kill(process);
            process.Dispose();
        }
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
        try { process.WaitForExit(5000); } catch (InvalidOperationException) { }
    }

    // A thread of its own, not the pool: on a busy pool (many checks at once) a queued pump could start after the
    // output grace ran out and the output of a finished tool would be lost. Synchronous reads, since per-line async
    // state machines cost more than a large scan itself.
    private static Task StartPump(StreamReader reader, Sink sink, Action<string>? onLine) =>
        Task.Factory.StartNew(() => Pump(reader, sink, onLine), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Pump(StreamReader reader, Sink sink, Action<string>? onLine)
    {
        if (onLine is not null)
        {
            while (reader.ReadLine() is { } line) onLine(line);
            return;
        }
        var buffer = new char[16 * 1024];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0) sink.Append(buffer.AsSpan(0, n));
    }

    /// <summary>Written by its pump, read by the caller possibly before the pump ends (a pipe held open).</summary>
    private sealed class Sink(int max, bool keepTail)
    {
        private readonly StringBuilder _text = new();
        public bool Truncated { get; private set; }

        public void Append(ReadOnlySpan<char> chunk)
        {
            lock (_text)
            {
                if (keepTail && _text.Length + chunk.Length > max)
                {
                    Truncated = true;
                    _text.Remove(0, Math.Min(_text.Length, Math.Max(_text.Length + chunk.Length - max, _text.Length / 2)));
                    if (chunk.Length > max) chunk = chunk[^max..];
                }
                var room = max - _text.Length;
                if (chunk.Length > room) Truncated = true;
                if (room > 0) _text.Append(chunk[..Math.Min(room, chunk.Length)]);
            }
        }

        public string Text { get { lock (_text) return _text.ToString(); } }
    }
}
