using System.Diagnostics.CodeAnalysis;
using Readiness.Core.Running;

namespace Readiness.Sample;

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
        // Unless asked, the demo's verdict does not depend on attestations someone recorded next to the checklist.
        await using var session = SampleSession.Start(new SampleSessionOptions
        {
            Ready = request.Ready,
            ChecklistPath = request.ChecklistPath,
            Variables = request.Variables,
            EvidencePath = request.EvidencePath,
        });
        host.Log(LogLevel.Information, $"sample target listening on {session.Url} ({(request.Ready ? "ready" : "flawed")} configuration)");
        request.Options.Target ??= session.Url;
        return await ReadinessSession.RunAsync(new RunRequest
        {
            ChecklistPath = session.ChecklistPath,
            Variables = new Dictionary<string, string>(session.Variables, StringComparer.Ordinal),
            EvidencePath = session.EvidencePath,
            Options = request.Options,
        }, host, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// checklists/diffver.yaml in <paramref name="startFolder"/> (default: the process's current folder; pwsh passes
    /// its own location, which the process folder does not follow) or an ancestor, else beside the installed module or
    /// tool (both packages ship checklists/diffver.yaml and samples/diffver; the module has this assembly in its
    /// Dependencies/), else above the process (pwsh's own folder for the module).
    /// </summary>
    public static string FindDefaultChecklist(string? startFolder = null)
    {
        var assemblyFolder = AssemblyFolder();
        foreach (var start in new[] { startFolder ?? Directory.GetCurrentDirectory(), assemblyFolder, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultChecklist);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"Could not find {DefaultChecklist} above {startFolder ?? Directory.GetCurrentDirectory()}; name the checklist to use.");
    }

    /// <summary>
    /// This assembly's folder. Not AppContext.BaseDirectory alone: in pwsh that is pwsh's folder, while this
    /// assembly is in the module's Dependencies/. A native or single-file CLI has no assembly file, so Location is
    /// empty there and the folder is the executable's, which is what the IL3000 warning asks for.
    /// </summary>
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "An empty Location (single-file or native) falls back to AppContext.BaseDirectory.")]
    private static string AssemblyFolder() =>
        Path.GetDirectoryName(typeof(SampleDemo).Assembly.Location) is { Length: > 0 } folder ? folder : AppContext.BaseDirectory;
}
