using Readiness.Core.Running;

namespace Readiness.Core.Sample;

/// <summary>What `readiness demo` asks for.</summary>
public sealed class DemoRequest
{
    /// <summary>The checklist to run; null finds checklists/diffver.yaml from the current folder or the tool's own folder upwards.</summary>
    public string? ChecklistPath { get; set; }
    /// <summary>Serve the production-ready configuration instead of the flawed one.</summary>
    public bool Ready { get; set; }
    /// <summary>Extra variables; api and repo are set by the demo unless given here.</summary>
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Attestation file to honour; null runs with none, so the demo shows manual items as pending.</summary>
    public string? EvidencePath { get; set; }
    public RunOptions Options { get; set; } = new();
}

/// <summary>
/// Starts the sample target, runs a checklist against it with <c>api</c> (the target's base URL) and <c>repo</c> (the
/// sample repository folder, ../samples/diffver from the checklist) and stops the target, also on failure or Ctrl+C.
/// </summary>
public static class SampleDemo
{
    public const string DefaultChecklist = "checklists/diffver.yaml";
    public const string SampleRepository = "../samples/diffver";

    public static async Task<ReadinessReport> RunAsync(DemoRequest request, IReadinessHost host, CancellationToken cancellationToken)
    {
        var checklist = Path.GetFullPath(request.ChecklistPath ?? FindDefaultChecklist());
        if (!File.Exists(checklist)) throw new FileNotFoundException($"Checklist {checklist} does not exist.");
        await using var target = SampleTarget.Start(request.Ready);
        host.Log(LogLevel.Information, $"sample target listening on {target.BaseUrl} ({(request.Ready ? "ready" : "flawed")} configuration)");

        var variables = new Dictionary<string, string>(request.Variables, StringComparer.Ordinal);
        variables.TryAdd("api", target.BaseUrl);
        variables.TryAdd("repo", Path.GetFullPath(Path.Combine(Path.GetDirectoryName(checklist)!, SampleRepository)));
        if (request.Ready) variables.TryAdd("envFile", Path.Combine(variables["repo"], ".env.ready"));
        request.Options.Target ??= target.BaseUrl;
        // Unless asked, the demo's verdict does not depend on attestations someone recorded next to the checklist.
        var evidence = request.EvidencePath ?? Path.Combine(Path.GetTempPath(), $"readiness-demo-{Guid.NewGuid():N}.jsonl");
        try
        {
            if (request.Ready && request.EvidencePath is null) AttestEveryManualItem(checklist, variables, evidence);
            return await ReadinessSession.RunAsync(new RunRequest
            {
                ChecklistPath = checklist,
                Variables = variables,
                EvidencePath = evidence,
                Options = request.Options,
            }, host, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (request.EvidencePath is null && File.Exists(evidence)) File.Delete(evidence);
        }
    }

    /// <summary>
    /// The ready demo stands for a release whose people have signed off: every manual item is attested, in a temporary
    /// evidence file that is removed afterwards, by "demo sign-off".
    /// </summary>
    private static void AttestEveryManualItem(string checklistPath, IReadOnlyDictionary<string, string> variables, string evidencePath)
    {
        var store = new Evidence.AttestationStore(evidencePath);
        foreach (var item in ReadinessSession.Load(checklistPath, variables).Items.Where(i => i.Manual is not null))
            store.Append(item.Id, "demo sign-off", "recorded by readiness demo --ready");
    }

    /// <summary>checklists/diffver.yaml in the current folder or an ancestor, else beside the tool (a clone's bin folder).</summary>
    public static string FindDefaultChecklist()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultChecklist);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"Could not find {DefaultChecklist} above {Directory.GetCurrentDirectory()}; pass --checklist.");
    }
}
