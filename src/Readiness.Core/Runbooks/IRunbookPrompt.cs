namespace Readiness.Core.Runbooks;

/// <summary>
/// What the runbook engine needs from whoever talks to the person on call: show what happened, ask a choice, read a
/// line. The engine decides every question and its choices; a front end (the cmdlet's host UI, the CLI's Spectre
/// console, a test's script) only renders and answers. The engine calls these from one thread at a time.
/// </summary>
public interface IRunbookPrompt
{
    /// <summary>Whether a person can answer; false runs the automated items and leaves the rest for later.</summary>
    bool CanPrompt { get; }

    void Show(RunbookEvent runbookEvent);

    /// <summary>Returns the index of the chosen entry of <see cref="RunbookQuestion.Choices"/>.</summary>
    int Choose(RunbookQuestion question);

    /// <summary>Reads one line; an empty answer means <paramref name="defaultValue"/> (or empty when there is none).</summary>
    string ReadLine(string label, string? defaultValue);

    /// <summary>
    /// Asked just before an attestation is written to the evidence file, so -WhatIf/-Confirm govern it as they do
    /// Approve-ReadinessItem. False leaves the step awaiting attestation.
    /// </summary>
    bool ShouldRecord(string target, string action);
}

public enum RunbookAction { Retry, Skip, Note, Stop, Attest }

/// <summary>One answer; <see cref="Label"/> marks its hot key with '&amp;' as PowerShell's ChoiceDescription does.</summary>
public sealed record RunbookChoice(RunbookAction Action, string Label, string Help)
{
    public string Name => Label.Replace("&", "");

    /// <summary>The letter after '&amp;', lower case: what a person types in the CLI.</summary>
    public char HotKey => char.ToLowerInvariant(Label[Math.Min(Label.IndexOf('&') + 1, Label.Length - 1)]);
}

public sealed record RunbookQuestion(string Caption, string Message, IReadOnlyList<RunbookChoice> Choices, int DefaultChoice);

public enum RunbookEventKind
{
    Started,
    Resumed,
    Section,
    StepStarted,
    StepFinished,
    /// <summary>A Failed or Error step: what to change, before the choice.</summary>
    Remediation,
    /// <summary>A manual step awaiting a person: title, instructions, approvers and links.</summary>
    ManualItem,
    Attested,
    Note,
    Skipped,
    /// <summary>Left for later: a non-interactive run does not decide Failed or Manual steps.</summary>
    Pending,
    Stopped,
    Finished,
}

/// <summary>Something a front end shows; <see cref="Text"/> is already a sentence for a person.</summary>
public sealed record RunbookEvent(RunbookEventKind Kind, string Text)
{
    public RunbookStep? Step { get; init; }
    public CheckResult? Result { get; init; }
    public Attestation? Attestation { get; init; }
    public ReadinessReport? Report { get; init; }
}

/// <summary>A checklist item as a step of the runbook, with what a person needs to act on it.</summary>
public sealed record RunbookStep(int Number, int Total, ChecklistItem Item)
{
    public string Id => Item.Id;
    public string Section => Item.Section;
    public string Title => Item.Title;
    public bool IsManual => Item.Check is null;
    public string? Instructions => Item.Manual?.Instructions ?? Item.Description;
    public IReadOnlyList<string> Approvers => Item.Manual?.Approvers ?? new List<string>();
    public IReadOnlyList<string> Links => RunbookText.Links(Item);
    public string Heading => $"[{Number}/{Total}] {Id}: {Title}";
}
