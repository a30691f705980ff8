using System.Text.Json;

namespace Readiness.Core.Checks.Health;

public enum HealthState { Healthy, Degraded, Unhealthy, Unknown }

public sealed record DependencyHealth(string Name, HealthState State, string RawStatus, string? Detail);

/// <summary>
/// A health response read from the common shapes: ASP.NET Core health checks (plain "Healthy" or the JSON with
/// <c>entries</c>), Spring Boot actuator (<c>components</c> or older <c>details</c>), and
/// <c>{status, checks: [...]}</c> including the IETF health draft (<c>checks</c> as a map of lists).
/// </summary>
public sealed class HealthDocument
{
    public HealthState State { get; init; } = HealthState.Unknown;
    public string RawStatus { get; init; } = "";
    public List<DependencyHealth> Dependencies { get; } = new();

    public static HealthState Classify(string? status) => (status ?? "").Trim().ToLowerInvariant() switch
    {
        "healthy" or "up" or "ok" or "pass" or "passing" or "green" or "available" or "true" => HealthState.Healthy,
        "degraded" or "warn" or "warning" or "yellow" => HealthState.Degraded,
        "" => HealthState.Unknown,
        _ => HealthState.Unhealthy,
    };

    public static HealthDocument Parse(string body)
    {
        var trimmed = body.Trim();
        if (!trimmed.StartsWith('{'))
        {
            // Plain text (ASP.NET Core's default writer): only a known status word counts, not any page.
            var state = Classify(trimmed);
            var known = state != HealthState.Unhealthy || trimmed.ToLowerInvariant() is "unhealthy" or "down" or "fail" or "failed" or "error" or "critical";
            return known ? new HealthDocument { State = state, RawStatus = trimmed } : new HealthDocument();
        }
        JsonDocument json;
        try { json = JsonDocument.Parse(trimmed); }
        catch (JsonException) { return new HealthDocument(); }
        using (json)
        {
            var root = json.RootElement;
            var status = StatusOf(root);
            var doc = new HealthDocument { State = Classify(status), RawStatus = status ?? "" };
            foreach (var key in new[] { "entries", "components", "details", "checks", "results", "dependencies" })
            {
                if (!root.TryGetProperty(key, out var deps)) continue;
                ReadDependencies(doc, deps);
                if (doc.Dependencies.Count > 0) break;
            }
            return doc;
        }
    }

    private static void ReadDependencies(HealthDocument doc, JsonElement deps)
    {
        if (deps.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in deps.EnumerateObject())
            {
                var entry = p.Value;
                // IETF draft: "db:connections": [ { status, ... } ]
                if (entry.ValueKind == JsonValueKind.Array)
                    entry = entry.EnumerateArray().OrderBy(e => Classify(StatusOf(e)) == HealthState.Healthy ? 1 : 0).FirstOrDefault();
                if (entry.ValueKind != JsonValueKind.Object) continue;
                var status = StatusOf(entry);
                if (status is null) continue;
                doc.Dependencies.Add(new DependencyHealth(p.Name, Classify(status), status, DetailOf(entry)));
            }
        }
        else if (deps.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in deps.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) continue;
                var name = new[] { "name", "component", "componentId", "key", "id" }
                    .Select(k => entry.TryGetProperty(k, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null)
                    .FirstOrDefault(n => n is not null);
                var status = StatusOf(entry);
                if (name is null || status is null) continue;
                doc.Dependencies.Add(new DependencyHealth(name, Classify(status), status, DetailOf(entry)));
            }
        }
    }

    private static string? StatusOf(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var key in new[] { "status", "Status", "state", "health", "healthy" })
        {
            if (!e.TryGetProperty(key, out var s)) continue;
            return s.ValueKind switch
            {
                JsonValueKind.String => s.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Object when s.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
                _ => null,
            };
        }
        return null;
    }

    private static string? DetailOf(JsonElement e)
    {
        foreach (var key in new[] { "description", "output", "message", "error", "exception" })
            if (e.TryGetProperty(key, out var d) && d.ValueKind == JsonValueKind.String && d.GetString() is { Length: > 0 } text)
                return text.Length <= 200 ? text : text[..200] + "...";
        if (e.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.String)
            return err.GetString();
        return null;
    }
}
