using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace Readiness.Runbook.HostTests;

/// <summary>
/// A PowerShell host whose user is a script: PromptForChoice answers by choice label, ReadLine by text, in order.
/// Everything written to the UI is kept, and a prompt the script did not expect fails instead of waiting forever.
/// </summary>
public sealed class ScriptedHost : PSHost
{
    private readonly ScriptedUi _ui;

    public ScriptedHost(params string[] answers) => _ui = new ScriptedUi(answers);

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "ScriptedHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public ScriptedUi Script => _ui;

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

public sealed record ChoicePrompt(string Caption, string Message, IReadOnlyList<string> Labels, int Default);

public sealed class ScriptedUi(string[] answers) : PSHostUserInterface
{
    private readonly Queue<string> _answers = new(answers);
    private readonly StringBuilder _written = new();

    public List<ChoicePrompt> Choices { get; } = new();
    public List<string> Lines { get; } = new();
    public int Progress { get; private set; }
    public int Remaining => _answers.Count;
    /// <summary>Called with the label chosen, before it is returned (a test can fix the target before "Retry").</summary>
    public Action<string>? OnChoice { get; set; }

    public string Written { get { lock (_written) return _written.ToString(); } }

    public override PSHostRawUserInterface RawUI { get; } = new RawUi();

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        var labels = choices.Select(c => c.Label).ToList();
        Choices.Add(new ChoicePrompt(caption, message, labels, defaultChoice));
        var answer = Next($"choice '{caption}' ({string.Join(", ", labels)})");
        var index = labels.FindIndex(l => l.Replace("&", "").Equals(answer, StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new InvalidOperationException($"Scripted answer '{answer}' is not one of {string.Join(", ", labels)}.");
        OnChoice?.Invoke(answer);
        return index;
    }

    public override string ReadLine()
    {
        var answer = Next($"ReadLine after '{Tail()}'");
        Lines.Add(answer);
        Write(answer + "\n");
        return answer;
    }

    private string Next(string what)
    {
        if (_answers.Count == 0) throw new InvalidOperationException($"Unexpected prompt: {what}.");
        return _answers.Dequeue();
    }

    private string Tail() { var w = Written; return w.Length > 80 ? w[^80..] : w; }

    public override void Write(string value) { lock (_written) _written.Append(value); }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) => Write(value + "\n");
    public override void WriteErrorLine(string value) => Write("ERROR: " + value + "\n");
    public override void WriteDebugLine(string message) => Write("DEBUG: " + message + "\n");
    public override void WriteVerboseLine(string message) => Write("VERBOSE: " + message + "\n");
    public override void WriteWarningLine(string message) => Write("WARNING: " + message + "\n");
    public override void WriteProgress(long sourceId, ProgressRecord record) => Progress++;

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new InvalidOperationException($"Unexpected Prompt '{caption}'.");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new InvalidOperationException("Unexpected credential prompt.");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new InvalidOperationException("Unexpected credential prompt.");
    public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("Unexpected secure prompt.");

    private sealed class RawUi : PSHostRawUserInterface
    {
        // An 80-column console, the narrowest the format views promise to fit.
        public const int Width = 80;
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Size BufferSize { get; set; } = new(Width, 50);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new(120, 50);
        public override Size MaxWindowSize => new(120, 50);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new(120, 50);
        public override string WindowTitle { get; set; } = "";
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
