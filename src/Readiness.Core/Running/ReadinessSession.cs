using Readiness.Core.Checklists;
using Readiness.Core.Evidence;

namespace Readiness.Core.Running;

/// <summary>What a run needs from a front end: the checklist, variables and options. Shared by the CLI and the cmdlets.</summary>
public sealed class RunRequest
{
    public string? ChecklistPath { get; set; }
    /// <summary>An already loaded checklist (from Import-ReadinessChecklist); wins over <see cref="ChecklistPath"/>.</summary>
    public Checklist? Checklist { get; set; }
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);
    public string? ProfilePath { get; set; }
    /// <summary>
    /// Where the caller is (pwsh's current location, the CLI's working folder): relative paths in -Variable/--var values
    /// resolve against it. Passed in because a pwsh session's location is not the process's current directory.
    /// </summary>
    public string? CallerDirectory { get; set; }
    public string? EvidencePath { get; set; }
    /// <summary>Waivers file; default <c>name.waivers.yaml</c> beside the checklist.</summary>
    public string? WaiversPath { get; set; }
    public RunOptions Options { get; set; } = new();
}

public static class ReadinessSession
{
    /// <param name="callerDirectory">Where relative paths in <paramref name="variables"/> resolve; null: beside the checklist.</param>
    public static Checklist Load(string path, IReadOnlyDictionary<string, string>? variables = null, string? profilePath = null,
        Func<string, string?>? environment = null, string? callerDirectory = null)
    {
        var resolver = new VariableResolver(variables, profilePath is null ? null : ProfileFile.Read(profilePath), environment,
            callerDirectory: callerDirectory, profileDirectory: profilePath is null ? null : Path.GetDirectoryName(Path.GetFullPath(profilePath)));
        return ChecklistFiles.Load(path, resolver);
    }

    public static async Task<ReadinessReport> RunAsync(RunRequest request, IReadinessHost host, CancellationToken cancellationToken)
    {
        var checklist = request.Checklist
                        ?? Load(request.ChecklistPath ?? throw new ArgumentException("A checklist is required."),
                            request.Variables, request.ProfilePath, request.Options.EnvironmentLookup, request.CallerDirectory);
        var evidencePath = request.EvidencePath ?? (checklist.Path is null ? null : AttestationStore.DefaultPathFor(checklist.Path));
        if (evidencePath is not null && request.Options.Attestations.Count == 0)
            request.Options.Attestations = new AttestationStore(evidencePath).Latest(request.Options.AsOf);
        var waiversPath = request.WaiversPath ?? (checklist.Path is null ? null : WaiverFile.DefaultPathFor(checklist.Path));
        if (waiversPath is not null && request.Options.Waivers.Count == 0)
            request.Options.Waivers = new WaiverFile(waiversPath).Read();
        AttestationChainHead? head = null;
        if (evidencePath is not null)
        {
            try { head = new AttestationStore(evidencePath).Head(); }
            catch (InvalidDataException) { /* a broken chain was refused above unless the caller supplied attestations */ }
        }
        var report = await new ChecklistRunner().RunAsync(checklist, request.Options, host, cancellationToken).ConfigureAwait(false);
        report.AttestationChain = head;
        return report;
    }
}

/// <summary>A profile: a YAML mapping of variable names to values, e.g. one per environment.</summary>
public static class ProfileFile
{
    public static Dictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Profile file {path} does not exist.");
        try
        {
            var yaml = Checklists.YamlLimits.Load(File.ReadAllText(path), "a profile");
            if (yaml.Documents.Count == 0) return new();
            if (yaml.Documents[0].RootNode is not YamlDotNet.RepresentationModel.YamlMappingNode map)
                throw new ChecklistException(path, 1, 1, "a profile must be a mapping of variable names to values.");
            return map.Children.ToDictionary(kv => kv.Key.ToString(), kv => (kv.Value as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "", StringComparer.Ordinal);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ChecklistException(path, (int)ex.Start.Line, (int)ex.Start.Column, $"invalid YAML: {ex.Message}");
        }
        // YamlDotNet 16 throws these on some malformed input instead of a YamlException (found by the loader's properties).
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new ChecklistException(path, 1, 1, $"invalid YAML: {ex.Message}");
        }
    }
}
