using System.Text.Json;

namespace Readiness.Core.Checks.Logs;

/// <summary>What to look for in log lines. Field names match the last segment of a field's path, case-insensitively.</summary>
public sealed class LogRules
{
    public IReadOnlyCollection<string> RequestIdFields { get; init; } = new[] { "requestId", "request_id", "traceId", "trace_id", "@tr", "correlationId", "correlation_id", "x-request-id" };
    /// <summary>A line with any of these fields records an HTTP request and must carry a request id.</summary>
    public IReadOnlyCollection<string> RequestFields { get; init; } = new[] { "requestPath", "path", "url", "http.url", "method", "http.method", "requestMethod", "route", "uri" };
    public IReadOnlyCollection<string> LevelFields { get; init; } = new[] { "level", "logLevel", "@l", "severity", "lvl", "log.level", "levelname" };
    public IReadOnlyCollection<string> ForbiddenLevels { get; init; } = new[] { "debug", "trace", "verbose", "dbug", "trce" };
    public IReadOnlyCollection<string> PiiKinds { get; init; } = PiiDetector.DefaultKinds;
    /// <summary>Fields never scanned for PII (timestamps, ids that look like phone numbers).</summary>
    public IReadOnlyCollection<string> IgnoredFields { get; init; } = new[] { "timestamp", "@t", "time", "ts", "date", "eventId", "spanId", "elapsed", "elapsedMilliseconds", "duration" };
    public int MaxOffenders { get; init; } = 5;
}

public sealed record LogLocation(string Source, int Line, string? Field = null, string? Kind = null)
{
    public override string ToString() => Field is null ? $"{Source}:{Line}" : $"{Source}:{Line} {Field}{(Kind is null ? "" : $" ({Kind})")}";
}

public sealed class LogAnalysis
{
    public int Lines { get; set; }
    public int JsonLines { get; set; }
    public List<LogLocation> NotJson { get; } = new();
    public int NotJsonCount { get; set; }
    public int RequestLines { get; set; }
    public int RequestLinesWithoutId { get; set; }
    public List<LogLocation> MissingRequestId { get; } = new();
    public int ForbiddenLevelLines { get; set; }
    public Dictionary<string, int> Levels { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<LogLocation> ForbiddenLevel { get; } = new();
    public int PiiCount { get; set; }
    public List<LogLocation> Pii { get; } = new();
    public Dictionary<string, int> PiiByKind { get; } = new(StringComparer.Ordinal);
    public double JsonShare => Lines == 0 ? 0 : (double)JsonLines / Lines;
}

/// <summary>Streams log lines once and collects every fact the logs check decides on. Never keeps a value it reads.</summary>
public sealed class LogAnalyzer
{
    private readonly LogRules _rules;
    private readonly LogAnalysis _analysis = new();

    public LogAnalyzer(LogRules? rules = null) => _rules = rules ?? new LogRules();

    public LogAnalysis Result => _analysis;

    public void Add(string source, int lineNumber, string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        _analysis.Lines++;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            _analysis.NotJsonCount++;
            if (_analysis.NotJson.Count < _rules.MaxOffenders) _analysis.NotJson.Add(new LogLocation(source, lineNumber));
            ScanText(source, lineNumber, "(line)", line);
            return;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                _analysis.NotJsonCount++;
                if (_analysis.NotJson.Count < _rules.MaxOffenders) _analysis.NotJson.Add(new LogLocation(source, lineNumber));
                return;
            }
            _analysis.JsonLines++;
            var fields = new List<(string Path, JsonElement Value)>();
            Flatten(document.RootElement, "", fields);

            var isRequest = fields.Any(f => Named(f.Path, _rules.RequestFields));
            if (isRequest)
            {
                _analysis.RequestLines++;
                if (!fields.Any(f => Named(f.Path, _rules.RequestIdFields) && HasValue(f.Value)))
                {
                    _analysis.RequestLinesWithoutId++;
                    if (_analysis.MissingRequestId.Count < _rules.MaxOffenders) _analysis.MissingRequestId.Add(new LogLocation(source, lineNumber));
                }
            }

            var level = fields.FirstOrDefault(f => Named(f.Path, _rules.LevelFields) && f.Value.ValueKind == JsonValueKind.String);
            if (level.Path is not null)
            {
                var value = level.Value.GetString()!.Trim();
                _analysis.Levels[value.ToLowerInvariant()] = _analysis.Levels.GetValueOrDefault(value.ToLowerInvariant()) + 1;
                if (_rules.ForbiddenLevels.Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    _analysis.ForbiddenLevelLines++;
                    if (_analysis.ForbiddenLevel.Count < _rules.MaxOffenders) _analysis.ForbiddenLevel.Add(new LogLocation(source, lineNumber, level.Path, value.ToLowerInvariant()));
                }
            }

            foreach (var (path, value) in fields)
            {
                if (Named(path, _rules.IgnoredFields)) continue;
                if (value.ValueKind == JsonValueKind.String) ScanText(source, lineNumber, path, value.GetString()!);
                else if (value.ValueKind == JsonValueKind.Number && _rules.PiiKinds.Contains("card") && PiiDetector.IsCardNumber(value.GetRawText()))
                    Record(source, lineNumber, path, "card");
            }
        }
    }

    public LogAnalysis Read(string source, IEnumerable<string> lines)
    {
        var n = 0;
        foreach (var line in lines) Add(source, ++n, line);
        return _analysis;
    }

    private void ScanText(string source, int line, string path, string text)
    {
        foreach (var kind in PiiDetector.Find(text, _rules.PiiKinds)) Record(source, line, path, kind);
    }

    private void Record(string source, int line, string path, string kind)
    {
        _analysis.PiiCount++;
        _analysis.PiiByKind[kind] = _analysis.PiiByKind.GetValueOrDefault(kind) + 1;
        if (_analysis.Pii.Count < _rules.MaxOffenders) _analysis.Pii.Add(new LogLocation(source, line, path, kind));
    }

    private static bool HasValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => !string.IsNullOrWhiteSpace(e.GetString()),
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        _ => true,
    };

    private static bool Named(string path, IReadOnlyCollection<string> names)
    {
        var last = path;
        var bracket = last.LastIndexOf('[');
        if (bracket > 0 && last.EndsWith(']')) last = last[..bracket];
        foreach (var name in names)
        {
            if (last.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
            if (last.EndsWith("." + name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static void Flatten(JsonElement element, string prefix, List<(string, JsonElement)> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                    Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", into);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    // Array items keep the parent's name so "Scopes[0].RequestId" still matches "requestId".
                    Flatten(item, item.ValueKind == JsonValueKind.Object ? $"{prefix}[{i}]" : prefix, into);
                    i++;
                }
                break;
            default:
                into.Add((prefix, element));
                break;
        }
    }
}
