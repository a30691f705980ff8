using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Readiness.Core.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Only results that point at a file become SARIF
/// results (code scanning needs a location); results that passed or were attested are omitted because SARIF
/// results are alerts; a Waived result with a file is written as a suppressed result. The rule id is the result's
/// <c>rule</c> evidence (a secrets detector) or else the item id. The run's property bag carries the decision, the
/// counts and every item's id and status, so a reader of the SARIF file alone still sees the whole run.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public string Format => "sarif";
    public string Extension => ".sarif";

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var alerts = report.Results.Where(r => !string.IsNullOrEmpty(r.File) && LevelOf(r.Status) is not null).ToList();
        var rules = alerts.GroupBy(RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);

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
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                var first = rule.First();
                json.WriteStartObject();
                json.WriteString("id", rule.Key);
                json.WriteString("name", PascalName(rule.Key));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", RuleDescription(first));
                json.WriteEndObject();
                json.WriteStartObject("fullDescription");
                json.WriteString("text", $"{first.Section}: {first.Title}".Trim(' ', ':'));
                json.WriteEndObject();
                if (!string.IsNullOrWhiteSpace(first.Remediation))
                {
                    json.WriteStartObject("help");
                    json.WriteString("text", first.Remediation);
                    json.WriteEndObject();
                }
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", LevelOf(first.Status));
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("security-severity", SecuritySeverity(first.Severity));
                json.WriteStartArray("tags");
                json.WriteStringValue("readiness");
                if (!string.IsNullOrEmpty(first.CheckType)) json.WriteStringValue(first.CheckType);
                if (first.CheckType == "secrets") json.WriteStringValue("security");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var r in alerts)
            {
                var id = RuleId(r);
                json.WriteStartObject();
                json.WriteString("ruleId", id);
                json.WriteNumber("ruleIndex", ruleIndex[id]);
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
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", ToUri(r.File!));
                if (!Path.IsPathRooted(r.File!)) json.WriteString("uriBaseId", "%SRCROOT%");
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", Math.Max(1, r.Line ?? 1));
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("partialFingerprints");
                json.WriteString("readinessFingerprint/v1", Fingerprint(r, id));
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("itemId", r.Id);
                json.WriteString("status", r.Status.ToString());
                json.WriteString("severity", r.Severity.ToString());
                foreach (var (k, v) in r.Evidence.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString("evidence." + k, v);
                json.WriteEndObject();
                json.WriteEndObject();
            }
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

    /// <summary>error for Failed/Error, warning for Warning, note for Waived (suppressed); everything else is not an alert (null).</summary>
    public static string? LevelOf(CheckStatus status) => status switch
    {
        _ when status.IsProblem() => "error",
        CheckStatus.Warning => "warning",
        CheckStatus.Waived => "note",
        _ => null,
    };

    private static string RuleId(CheckResult r) => r.Evidence.TryGetValue("rule", out var rule) && rule.Length > 0 ? rule : r.Id;

    private static string RuleDescription(CheckResult r) =>
        r.Evidence.ContainsKey("rule") && r.Message.IndexOf(" (", StringComparison.Ordinal) is > 0 and var cut ? r.Message[..cut] : r.Title;

    /// <summary>Stable across runs and line moves: the secrets fingerprint when there is one, else a hash of item, rule and file.</summary>
    private static string Fingerprint(CheckResult r, string ruleId)
    {
        if (r.Evidence.TryGetValue("fingerprint", out var f) && f.Length > 0) return f;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{r.Id}\n{ruleId}\n{ToUri(r.File!)}"));
        return Convert.ToHexString(hash)[..32].ToLowerInvariant();
    }

    /// <summary>A relative URI with forward slashes and percent-escaped characters; absolute paths become file URIs.</summary>
    internal static string ToUri(string path)
    {
        var p = path.Replace('\\', '/');
        if (Path.IsPathRooted(path)) return new Uri(path).AbsoluteUri;
        return string.Join("/", p.Split('/').Select(Uri.EscapeDataString));
    }

    private static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "1.0",
    };

    private static string PascalName(string id) =>
        string.Concat(id.Split('-', '.', '_', '/').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]));
}
