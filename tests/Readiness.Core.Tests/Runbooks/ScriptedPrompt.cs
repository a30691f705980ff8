using Readiness.Core.Runbooks;

namespace Readiness.Core.Tests.Runbooks;

/// <summary>
/// Answers the runbook's questions from a script, in order, the way a person would type them: a choice by its
/// action, a line by its text. A question the script did not expect fails the test instead of hanging.
/// </summary>
public sealed class ScriptedPrompt(bool canPrompt, params object[] answers) : IRunbookPrompt
{
    private readonly Queue<object> _answers = new(answers);

    public bool CanPrompt => canPrompt;
    public List<RunbookEvent> Events { get; } = new();
    public List<RunbookQuestion> Questions { get; } = new();
    public List<string> Labels { get; } = new();
    /// <summary>Runs before an answer is given, e.g. to fix what a check found before "retry".</summary>
    public Action<RunbookAction>? BeforeAnswer { get; init; }

    public int Remaining => _answers.Count;

    public void Show(RunbookEvent runbookEvent) => Events.Add(runbookEvent);

    public int Choose(RunbookQuestion question)
    {
        Questions.Add(question);
        if (_answers.Count == 0 || _answers.Peek() is not RunbookAction action)
            throw new InvalidOperationException($"Unexpected question '{question.Caption}'; next scripted answer: {(_answers.Count == 0 ? "none" : _answers.Peek())}.");
        _answers.Dequeue();
        BeforeAnswer?.Invoke(action);
        return question.Choices.ToList().FindIndex(c => c.Action == action);
    }

    public string ReadLine(string label, string? defaultValue)
    {
        Labels.Add(label);
        if (_answers.Count == 0 || _answers.Peek() is not string text)
            throw new InvalidOperationException($"Unexpected input '{label}'; next scripted answer: {(_answers.Count == 0 ? "none" : _answers.Peek())}.");
        _answers.Dequeue();
        return text.Length == 0 ? defaultValue ?? "" : text;
    }

    /// <summary>What ShouldRecord answers: false stands for -WhatIf or a "no" at -Confirm.</summary>
    public bool Record { get; init; } = true;

    public bool ShouldRecord(string target, string action) => Record;

    public IEnumerable<string> Texts(RunbookEventKind kind) => Events.Where(e => e.Kind == kind).Select(e => e.Text);
}
