using System.Globalization;
using System.Text.Json;

namespace Readiness.Core.Checks.DependencyAudit;

public sealed record Vulnerability(string Package, string Severity, string Advisory);

/// <summary>Reads the JSON of <c>dotnet list package --vulnerable --format json</c>, <c>npm audit --json</c> and <c>cargo audit --json</c>.</summary>
public static class AuditReportReader
{
    public static readonly string[] Severities = { "critical", "high", "moderate", "low", "info" };

    public static IReadOnlyList<Vulnerability> Read(string tool, string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException ex) { throw new InvalidDataException($"The {tool} audit output is not JSON (line {ex.LineNumber + 1}): {Excerpt(json)}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"The {tool} audit output is not a JSON object.");
            return tool switch
            {
                "dotnet" => Dotnet(root),
                "npm" => Npm(root),
                "cargo" => Cargo(root),
                _ => throw new ArgumentException($"Unknown audit tool '{tool}'. Allowed: dotnet, npm, cargo."),
            };
        }
    }

    /// <summary>Problems the tool reported (for example an unreachable vulnerability database).</summary>
    public static IReadOnlyList<string> Problems(string tool, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (tool == "dotnet" && doc.RootElement.TryGetProperty("problems", out var problems) && problems.ValueKind == JsonValueKind.Array)
                return problems.EnumerateArray().Where(p => Str(p, "level") == "error").Select(p => Str(p, "text") ?? "unknown problem").ToList();
            if (tool == "npm" && doc.RootElement.TryGetProperty("error", out var error))
                return new[] { Str(error, "summary") ?? Str(error, "code") ?? "npm audit failed" };
        }
        catch (JsonException) { }
        return System.Array.Empty<string>();
    }

    private static IReadOnlyList<Vulnerability> Dotnet(JsonElement root)
    {
        var list = new List<Vulnerability>();
        foreach (var project in Array(root, "projects"))
        foreach (var framework in Array(project, "frameworks"))
        foreach (var kind in new[] { "topLevelPackages", "transitivePackages" })
        foreach (var package in Array(framework, kind))
        foreach (var v in Array(package, "vulnerabilities"))
        {
            var entry = new Vulnerability($"{Str(package, "id")} {Str(package, "resolvedVersion")}", Normalize(Str(v, "severity")), Str(v, "advisoryurl") ?? "");
            if (!list.Contains(entry)) list.Add(entry);
        }
        return list;
    }

    private static IReadOnlyList<Vulnerability> Npm(JsonElement root)
    {
        var list = new List<Vulnerability>();
        if (root.TryGetProperty("vulnerabilities", out var vulns) && vulns.ValueKind == JsonValueKind.Object)
        {
            foreach (var v in vulns.EnumerateObject())
            {
                var advisory = v.Value.TryGetProperty("via", out var via) && via.ValueKind == JsonValueKind.Array
                    ? via.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(x => Str(x, "url")).FirstOrDefault(u => u is not null) ?? ""
                    : "";
                list.Add(new Vulnerability(v.Name, Normalize(Str(v.Value, "severity")), advisory));
            }
        }
        else if (root.TryGetProperty("advisories", out var advisories) && advisories.ValueKind == JsonValueKind.Object)
        {
            // npm 6 format
            foreach (var a in advisories.EnumerateObject())
                list.Add(new Vulnerability(Str(a.Value, "module_name") ?? a.Name, Normalize(Str(a.Value, "severity")), Str(a.Value, "url") ?? ""));
        }
        return list;
    }

    private static IReadOnlyList<Vulnerability> Cargo(JsonElement root)
    {
        var list = new List<Vulnerability>();
        if (!root.TryGetProperty("vulnerabilities", out var vulns)) return list;
        foreach (var v in Array(vulns, "list"))
        {
            var advisory = v.TryGetProperty("advisory", out var a) ? a : default;
            var package = v.TryGetProperty("package", out var p) ? $"{Str(p, "name")} {Str(p, "version")}" : Str(advisory, "package") ?? "";
            var cvss = Str(advisory, "cvss");
            var severity = cvss is null ? "unknown" : CvssSeverity(Cvss.BaseScore(cvss));
            list.Add(new Vulnerability(package, severity, Str(advisory, "id") ?? ""));
        }
        return list;
    }

    public static string CvssSeverity(double score) => score switch
    {
        >= 9.0 => "critical",
        >= 7.0 => "high",
        >= 4.0 => "moderate",
        > 0 => "low",
        _ => "info",
    };

    private static string Normalize(string? severity) => severity?.Trim().ToLowerInvariant() switch
    {
        "medium" => "moderate",
        null or "" => "unknown",
        var s => s,
    };

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Excerpt(string text) => text.Length <= 120 ? text.Trim() : text[..120].Trim() + "…";
}

/// <summary>CVSS v3.x base score from a vector string, as specified by FIRST (used where cargo audit gives only the vector).</summary>
public static class Cvss
{
    public static double BaseScore(string vector)
    {
        var m = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in vector.Split('/').Skip(1).Select(p => p.Split(':')).Where(p => p.Length == 2))
            // FIRST's specification allows each metric once; a vector that repeats one has no defined score.
            if (!m.TryAdd(part[0], part[1])) throw new InvalidDataException($"The CVSS vector {vector} in the audit output gives {part[0]} more than once.");
        double W(string key, IReadOnlyDictionary<string, double> table) =>
            m.TryGetValue(key, out var v) && table.TryGetValue(v, out var w) ? w : throw new InvalidDataException($"The CVSS vector {vector} in the audit output lacks a valid {key}.");
        var scopeChanged = m.GetValueOrDefault("S") == "C";
        var av = W("AV", new Dictionary<string, double> { ["N"] = 0.85, ["A"] = 0.62, ["L"] = 0.55, ["P"] = 0.2 });
        var ac = W("AC", new Dictionary<string, double> { ["L"] = 0.77, ["H"] = 0.44 });
        var pr = W("PR", scopeChanged ? new Dictionary<string, double> { ["N"] = 0.85, ["L"] = 0.68, ["H"] = 0.5 } : new Dictionary<string, double> { ["N"] = 0.85, ["L"] = 0.62, ["H"] = 0.27 });
        var ui = W("UI", new Dictionary<string, double> { ["N"] = 0.85, ["R"] = 0.62 });
        var cia = new Dictionary<string, double> { ["H"] = 0.56, ["L"] = 0.22, ["N"] = 0 };
        var iss = 1 - (1 - W("C", cia)) * (1 - W("I", cia)) * (1 - W("A", cia));
        var impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.Pow(iss - 0.02, 15) : 6.42 * iss;
        if (impact <= 0) return 0;
        var exploitability = 8.22 * av * ac * pr * ui;
        var raw = scopeChanged ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        return RoundUp(raw);
    }

    private static double RoundUp(double value)
    {
        var i = (long)Math.Round(value * 100000);
        return i % 10000 == 0 ? i / 100000.0 : (Math.Floor(i / 10000.0) + 1) / 10.0;
    }
}
