using Readiness.Core.Probing;
using System.Globalization;
using System.Text.Json;
using Readiness.Core.Checks.Logs;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.AuditEvents;

/// <summary>
/// Required audit event types were recorded recently (seed 000: signing-config update and verification-failure
/// events visible). Reads JSON-lines audit logs from a file, a command's output or an HTTP endpoint.
/// </summary>
public sealed class AuditEventsCheck : SingleResultCheck
{
    private static readonly string[] DefaultTypeFields = { "type", "event", "eventType", "event_type", "action", "name" };
    private static readonly string[] DefaultTimeFields = { "timestamp", "time", "@t", "ts", "occurredAt", "created_at" };

    public override string Type => "audit-events";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "path", "command", "args", "url", "required", "within", "typeField", "timeField" };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var required = p.GetStringList("required");
        if (required.Count == 0) throw p.Missing("required", "a list of event types");
        var window = p.GetDuration("within");
        var typeFields = p.GetString("typeField") is { } tf ? new[] { tf } : DefaultTypeFields;
        var timeFields = p.GetString("timeField") is { } tmf ? new[] { tmf } : DefaultTimeFields;

        var (lines, target) = await ReadAsync(context, cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var total = 0;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); } catch (JsonException) { continue; }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                total++;
                var type = First(doc.RootElement, typeFields);
                if (type is null || !required.Contains(type, StringComparer.Ordinal)) continue;
                var at = First(doc.RootElement, timeFields) is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;
                if (!latest.TryGetValue(type, out var seen) || at > seen) latest[type] = at;
            }
        }

        var now = context.Environment.Clock.GetUtcNow();
        var missing = required.Where(r => !latest.ContainsKey(r)).ToList();
        var stale = window is { } w ? required.Where(r => latest.TryGetValue(r, out var at) && (at is null || now - at > w)).ToList() : new List<string>();
        CheckResult result;
        if (missing.Count > 0)
            result = context.Fail($"No {string.Join(", ", missing)} audit event in {target} ({total} events read).", target,
                "Emit these audit events from the service (and trigger one in staging to prove the path), then recheck.");
        else if (stale.Count > 0)
            result = context.Fail($"The latest {string.Join(", ", stale.Select(s => $"{s} ({Show(latest[s])})"))} is older than {Describe(window!.Value)}.", target,
                "Exercise the path in staging so a fresh event proves the pipeline still delivers it.");
        else
            result = context.Pass($"All {required.Count} required audit event types are present{(window is { } ww ? $" within {Describe(ww)}" : "")}.", target);
        foreach (var r in required) result.WithEvidence($"latest.{r}", latest.TryGetValue(r, out var at) ? Show(at) : "none");
        return result.WithEvidence("events", total);
    }

    private static async Task<(IReadOnlyList<string> Lines, string Target)> ReadAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        if (p.GetString("url") is { } url)
        {
            using var http = HttpClientFactory.Create(new HttpClientOptions
            {
                UseProxy = true, FollowRedirects = true, ConnectTimeout = context.Timeout, RequestTimeout = context.Timeout,
            });
            var body = await http.GetStringAsync(url, cancellationToken).ConfigureAwait(false);
            // An endpoint may return a JSON array of events instead of JSON lines.
            if (body.TrimStart().StartsWith('['))
            {
                using var doc = JsonDocument.Parse(body);
                return (doc.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList(), url);
            }
            return (body.Split('\n'), url);
        }
        if (p.GetString("command") is { } command)
        {
            var lines = new List<string>();
            await foreach (var line in LogSources.CommandAsync(command, p.GetStringList("args"), context.BaseDirectory, cancellationToken).ConfigureAwait(false)) lines.Add(line);
            return (lines, $"{command} output");
        }
        var path = context.ResolvePath(p.RequireString("path"));
        return (LogSources.Files(path).SelectMany(f => f.Lines).ToList(), path);
    }

    private static string? First(JsonElement e, IEnumerable<string> fields)
    {
        foreach (var f in fields)
            if (e.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
        return null;
    }

    private static string Show(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") ?? "no timestamp";
    private static string Describe(TimeSpan t) => t.TotalDays >= 1 ? $"{t.TotalDays:0.#} days" : t.TotalHours >= 1 ? $"{t.TotalHours:0.#} hours" : $"{t.TotalMinutes:0} minutes";
}
