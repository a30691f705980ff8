using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Readiness.Core.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning, Azure DevOps SARIF viewers and other SARIF readers. Only results that point
/// at a file become SARIF results (code scanning needs a location); results that passed or were attested are omitted
/// because SARIF results are alerts; a Waived result with a file is written as a suppressed result. The rule id is the
/// result's <c>rule</c> evidence (a secrets detector, described from the detector) or else the item id; only rules of
/// security checks (<see cref="SarifRules.IsSecurity"/>) carry <c>security-severity</c> and the <c>security</c> tag.
/// Locations are relative to the repository root (<see cref="RepositoryPaths"/>) with <c>uriBaseId</c> SRCROOT, whose
/// absolute URI <c>originalUriBaseIds</c> gives; the region spans the whole line when the file can be read. Each
/// result has GitHub's <c>primaryLocationLineHash</c> (<see cref="LineHash"/>) next to the project's own
/// <c>readinessFingerprint/v1</c>. The same finding reported twice (a secret in the working tree and in a commit:
/// same rule, location and fingerprint) is one result listing both. The run's property bag carries the decision, the
/// counts and every item's id and status, so a reader of the SARIF file alone still sees the whole run.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SourceRoot = "SRCROOT";

    public string Format => "sarif";
    public string Extension => ".sarif";

    /// <summary>Where locations are relative to; detected from the report and the environment when null.</summary>
    public RepositoryPaths? Paths { get; init; }

    /// <summary>One SARIF result: a distinct finding (<see cref="ReportFindings"/>) and where it is.</summary>
    private sealed record Alert(ReportFindings.Distinct Finding, string RuleId, string Uri, bool Relative, int Line, string Fingerprint)
    {
        public CheckResult First => Finding.Result;
    }

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var paths = Paths ?? RepositoryPaths.Detect(report);
        var alerts = Alerts(report, paths);
        var rules = alerts.GroupBy(a => a.RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var lines = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "Readiness");
            json.WriteString("version", string.IsNullOrEmpty(report.ToolVersion) ? "0.0.0" : report.ToolVersion);
            json.WriteString("informationUri", "https://www.powershellgallery.com/packages/Readiness");
            json.WriteStartArray("rules");
            foreach (var rule in rules) WriteRule(json, rule.Key, rule.Select(a => a.First).ToList());
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            if (paths.Root is { } root)
            {
                json.WriteStartObject("originalUriBaseIds");
                json.WriteStartObject(SourceRoot);
                // The spec wants the base URI to end with a slash, so relative URIs resolve inside it.
                json.WriteString("uri", new Uri(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar).AbsoluteUri);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteStartArray("results");
            foreach (var a in alerts) WriteResult(json, a, ruleIndex[a.RuleId], paths, lines, hashes);
            json.WriteEndArray();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", report.Results.All(r => r.Status != CheckStatus.Error));
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("properties");
            json.WriteString("checklist", report.ChecklistName);
            json.WriteString("decision", report.Decision.ToString());
            json.WriteString("decisionReason", report.DecisionReason);
            json.WriteStartObject("counts");
            foreach (var (status, n) in report.Counts.ByStatus().Where(c => c.Value > 0)) json.WriteNumber(status.ToString(), n);
            json.WriteEndObject();
            json.WriteStartArray("items");
            foreach (var r in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("id", r.Id);
                json.WriteString("status", r.Status.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Located alerts in report order, one per distinct finding.</summary>
    private static List<Alert> Alerts(ReadinessReport report, RepositoryPaths paths) =>
        ReportFindings.Of(report.Results.Where(r => LevelOf(r.Status) is not null))
            .Where(d => !string.IsNullOrEmpty(d.Result.File))
            .Select(d =>
            {
                var r = d.Result;
                var ruleId = RuleId(r);
                var file = paths.Of(r.File!);
                var uri = ToUri(file);
                return new Alert(d, ruleId, uri, !Path.IsPathRooted(file), Math.Max(1, r.Line ?? 1), Fingerprint(r, ruleId, uri));
            }).ToList();

    private static void WriteRule(Utf8JsonWriter json, string id, IReadOnlyList<CheckResult> results)
    {
        var first = results[0];
        var text = SarifRules.Describe(first);
        var security = SarifRules.IsSecurity(first);
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("name", PascalName(id));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", text.Short);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", text.Full);
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", text.Help);
        json.WriteString("markdown", text.HelpMarkdown);
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", LevelOf(first.Status));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        if (security) json.WriteString("security-severity", SarifRules.SecuritySeverity(results.Max(r => r.Severity)));
        json.WriteStartArray("tags");
        json.WriteStringValue("readiness");
        if (!string.IsNullOrEmpty(first.CheckType)) json.WriteStringValue(first.CheckType);
        json.WriteStringValue(security ? "security" : "reliability");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Alert a, int ruleIndex, RepositoryPaths paths, Dictionary<string, string[]?> lines,
        Dictionary<string, IReadOnlyList<string>?> hashes)
    {
        var r = a.First;
        json.WriteStartObject();
        json.WriteString("ruleId", a.RuleId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", LevelOf(r.Status));
        if (r.Status == CheckStatus.Waived)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("status", "accepted");
            json.WriteString("justification", "Waived in the readiness checklist.");
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteStartObject("message");
        json.WriteString("text", string.IsNullOrWhiteSpace(r.Message) ? r.Title : r.Message);
        json.WriteEndObject();

        var full = paths.FullPath(r.File!);
        var text = full is null ? null : Lines(full, lines);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", a.Uri);
        if (a.Relative) json.WriteString("uriBaseId", SourceRoot);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", a.Line);
        if (text is not null && a.Line <= text.Length)
        {
            // The whole line: the check knows the line, the file gives its extent. Columns are 1-based, end exclusive.
            json.WriteNumber("startColumn", 1);
            json.WriteNumber("endLine", a.Line);
            json.WriteNumber("endColumn", text[a.Line - 1].Length + 1);
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("partialFingerprints");
        if (text is not null && full is not null)
        {
            if (!hashes.TryGetValue(full, out var fileHashes)) hashes[full] = fileHashes = LineHash.OfFile(full);
            if (fileHashes is not null && a.Line <= fileHashes.Count) json.WriteString("primaryLocationLineHash", fileHashes[a.Line - 1]);
        }
        json.WriteString("readinessFingerprint/v1", a.Fingerprint);
        json.WriteEndObject();

        json.WriteStartObject("properties");
        json.WriteString("itemId", r.Id);
        json.WriteString("status", r.Status.ToString());
        json.WriteString("severity", r.Severity.ToString());
        foreach (var (k, v) in r.Evidence.Where(kv => kv.Key != "commit").OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString("evidence." + k, v);
        if (a.Finding.Commits.Count > 0)
        {
            json.WriteStartArray("commits");
            foreach (var c in a.Finding.Commits) json.WriteStringValue(c);
            json.WriteEndArray();
        }
        if (a.Finding.Occurrences > 1)
        {
            json.WriteNumber("occurrences", a.Finding.Occurrences);
            json.WriteBoolean("inWorkingTree", a.Finding.InWorkingTree);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The file's lines (split as the region counts them), read once per file; null when unreadable.</summary>
    private static string[]? Lines(string path, Dictionary<string, string[]?> cache)
    {
        if (cache.TryGetValue(path, out var known)) return known;
        string[]? lines;
        try { lines = File.Exists(path) ? File.ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r')).ToArray() : null; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { lines = null; }
        return cache[path] = lines;
    }

    /// <summary>error for Failed/Error, warning for Warning, note for Waived (suppressed); everything else is not an alert (null).</summary>
    public static string? LevelOf(CheckStatus status) => status switch
    {
        _ when status.IsProblem() => "error",
        CheckStatus.Warning => "warning",
        CheckStatus.Waived => "note",
        _ => null,
    };

    private static string RuleId(CheckResult r) => r.Evidence.TryGetValue("rule", out var rule) && rule.Length > 0 ? rule : r.Id;

    /// <summary>Stable across runs, machines and line moves: the secrets fingerprint when there is one, else a hash of item, rule and repository path.</summary>
    private static string Fingerprint(CheckResult r, string ruleId, string uri)
    {
        if (r.Evidence.TryGetValue("fingerprint", out var f) && f.Length > 0) return f;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{r.Id}\n{ruleId}\n{uri}"));
        return Convert.ToHexString(hash)[..32].ToLowerInvariant();
    }

    /// <summary>A relative URI with forward slashes and percent-escaped characters; absolute paths become file URIs.</summary>
    internal static string ToUri(string path)
    {
        var p = path.Replace('\\', '/');
        if (Path.IsPathRooted(path)) return new Uri(path).AbsoluteUri;
        return string.Join("/", p.Split('/').Select(Uri.EscapeDataString));
    }

    private static string PascalName(string id) =>
        string.Concat(id.Split('-', '.', '_', '/').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]));
}
