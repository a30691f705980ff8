using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Sample;

/// <summary>What a sample session is started with: `readiness demo` and Start-ReadinessSample ask the same.</summary>
public sealed class SampleSessionOptions
{
    /// <summary>Serve the production-ready configuration instead of the flawed one.</summary>
    public bool Ready { get; set; }
    /// <summary>The checklist the session is for; null finds checklists/diffver.yaml (see <see cref="SampleDemo.FindDefaultChecklist"/>).</summary>
    public string? ChecklistPath { get; set; }
    /// <summary>Extra variables; api, repo and (ready) envFile are set by the session unless given here.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; set; }
    /// <summary>Attestation file to honour; null uses a temporary one the session deletes when it stops.</summary>
    public string? EvidencePath { get; set; }
    /// <summary>Where to look for the default checklist when <see cref="ChecklistPath"/> is null.</summary>
    public string? SearchFolder { get; set; }
}

/// <summary>
/// A running sample target plus everything a checklist run against it needs: the variables (<c>api</c>, <c>repo</c>,
/// and for the ready configuration <c>envFile</c>) and an evidence file, which for the ready configuration holds
/// an attestation of every manual item (a signed-off release). One setup for the CLI demo and the module, so both
/// reach the same decision.
/// </summary>
public sealed class SampleSession : IAsyncDisposable
{
    private readonly bool _ownsEvidence;
    private int _stopped;

    private SampleSession(SampleTarget target, string checklistPath, Dictionary<string, string> variables, string evidencePath, bool ownsEvidence)
    {
        Target = target;
        ChecklistPath = checklistPath;
        Variables = variables;
        EvidencePath = evidencePath;
        _ownsEvidence = ownsEvidence;
    }

    public Guid Id { get; } = Guid.NewGuid();
    public SampleTarget Target { get; }
    public string Url => Target.BaseUrl;
    public bool Ready => Target.Ready;
    public string ChecklistPath { get; }
    public IReadOnlyDictionary<string, string> Variables { get; }
    public string EvidencePath { get; }
    public DateTimeOffset StartTime { get; } = DateTimeOffset.Now;
    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <summary>Starts the target; a checklist that is missing or does not load leaves nothing running.</summary>
    public static SampleSession Start(SampleSessionOptions options)
    {
        var checklist = Path.GetFullPath(options.ChecklistPath ?? SampleDemo.FindDefaultChecklist(options.SearchFolder));
        if (!File.Exists(checklist)) throw new FileNotFoundException($"Checklist {checklist} does not exist.", checklist);
        var target = SampleTarget.Start(options.Ready);
        var evidence = options.EvidencePath ?? Path.Combine(Path.GetTempPath(), $"readiness-sample-{Guid.NewGuid():N}.jsonl");
        try
        {
            var variables = new Dictionary<string, string>(options.Variables ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            variables.TryAdd("api", target.BaseUrl);
            variables.TryAdd("repo", Path.GetFullPath(Path.Combine(Path.GetDirectoryName(checklist)!, SampleDemo.SampleRepository)));
            if (options.Ready) variables.TryAdd("envFile", Path.Combine(variables["repo"], ".env.ready"));
            if (options.Ready && options.EvidencePath is null) AttestEveryManualItem(checklist, variables, evidence);
            return new SampleSession(target, checklist, variables, evidence, options.EvidencePath is null);
        }
        catch
        {
            target.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (options.EvidencePath is null && File.Exists(evidence)) File.Delete(evidence);
            throw;
        }
    }

    /// <summary>
    /// The ready configuration stands for a release whose people have signed off: every manual item is attested, in a
    /// temporary evidence file that is removed when the session stops, by "demo sign-off".
    /// </summary>
    private static void AttestEveryManualItem(string checklistPath, IReadOnlyDictionary<string, string> variables, string evidencePath)
    {
        var store = new AttestationStore(evidencePath);
        foreach (var item in ReadinessSession.Load(checklistPath, variables).Items.Where(i => i.Manual is not null))
            store.Append(item.Id, "demo sign-off", "recorded by readiness demo --ready");
    }

    /// <summary>Stops the target and deletes the temporary evidence file; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try { await Target.DisposeAsync().ConfigureAwait(false); }
        finally
        {
            if (_ownsEvidence && File.Exists(EvidencePath)) File.Delete(EvidencePath);
        }
    }
}

/// <summary>
/// Sample sessions started from a pwsh session, by id, so Stop-ReadinessSample can find the one a user's object
/// stands for (the object users see lives in Readiness.Model and cannot hold the target itself).
/// </summary>
public static class SampleSessions
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SampleSession> Running = new();

    public static SampleSession Start(SampleSessionOptions options)
    {
        var session = SampleSession.Start(options);
        Running[session.Id] = session;
        return session;
    }

    public static IReadOnlyList<SampleSession> All => Running.Values.OrderBy(s => s.StartTime).ToList();

    /// <summary>Stops the session with this id; false when none is running under it (already stopped, or another process's).</summary>
    public static async Task<bool> StopAsync(Guid id)
    {
        if (!Running.TryRemove(id, out var session)) return false;
        await session.DisposeAsync().ConfigureAwait(false);
        return true;
    }
}
