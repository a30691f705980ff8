using System.Globalization;

namespace Readiness.Core.Running;

/// <summary>Typed, validated access to an item's <c>check</c> parameters. A bad value throws <see cref="CheckParameterException"/>.</summary>
public sealed class CheckParameters
{
    private readonly IReadOnlyDictionary<string, object?> _values;
    private readonly string _itemId;

    public CheckParameters(string itemId, IReadOnlyDictionary<string, object?> values)
    {
        _itemId = itemId;
        _values = values;
    }

    public IEnumerable<string> Names => _values.Keys;
    public bool Has(string name) => _values.TryGetValue(name, out var v) && v is not null;
    public object? Raw(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string RequireString(string name) =>
        GetString(name) ?? throw Missing(name, "a string");

    public string? GetString(string name, string? fallback = null) => Raw(name) switch
    {
        null => fallback,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw Invalid(name, "a single value, not a list or map"),
    };

    public long? GetInt(string name) => Raw(name) switch
    {
        null => null,
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw Invalid(name, "a whole number"),
    };

    public long GetInt(string name, long fallback) => GetInt(name) ?? fallback;
    public long RequireInt(string name) => GetInt(name) ?? throw Missing(name, "a whole number");

    public double? GetDouble(string name) => Raw(name) switch
    {
        null => null,
        double d => d,
        long l => l,
        int i => i,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw Invalid(name, "a number"),
    };

    public double GetDouble(string name, double fallback) => GetDouble(name) ?? fallback;

    public bool GetBool(string name, bool fallback = false) => Raw(name) switch
    {
        null => fallback,
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        string s when s is "1" or "yes" or "on" => true,
        string s when s is "0" or "no" or "off" => false,
        _ => throw Invalid(name, "true or false"),
    };

    /// <summary>Durations as seconds (number) or with a unit: 500ms, 30s, 5m, 2h, 7d.</summary>
    public TimeSpan? GetDuration(string name)
    {
        var raw = Raw(name);
        if (raw is null) return null;
        if (raw is long or int or double && Convert.ToDouble(raw, CultureInfo.InvariantCulture) is var seconds
            && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds) return TimeSpan.FromSeconds(seconds);
        if (raw is string s && DurationParser.TryParse(s, out var ts)) return ts;
        throw Invalid(name, "a duration such as 30s, 5m, 2h or 7d");
    }

    /// <summary>A list parameter; a single scalar is accepted as a one-element list.</summary>
    public IReadOnlyList<string> GetStringList(string name)
    {
        return Raw(name) switch
        {
            null => Array.Empty<string>(),
            IEnumerable<object?> list when Raw(name) is not string => list.Select((v, i) => v switch
            {
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => throw Invalid($"{name}[{i}]", "a string"),
            }).ToList(),
            _ => new[] { GetString(name)! },
        };
    }

    public IReadOnlyDictionary<string, object?> GetMap(string name) => Raw(name) switch
    {
        null => new Dictionary<string, object?>(),
        IReadOnlyDictionary<string, object?> m => m,
        IDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => kv.Value),
        _ => throw Invalid(name, "a map of names to values"),
    };

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> GetMapList(string name) => Raw(name) switch
    {
        null => Array.Empty<IReadOnlyDictionary<string, object?>>(),
        IEnumerable<object?> list when Raw(name) is not string => list.Select((v, i) => v switch
        {
            IReadOnlyDictionary<string, object?> m => m,
            IDictionary<string, object?> m => (IReadOnlyDictionary<string, object?>)m.ToDictionary(kv => kv.Key, kv => kv.Value),
            _ => throw Invalid($"{name}[{i}]", "a map"),
        }).ToList(),
        _ => throw Invalid(name, "a list of maps"),
    };

    public CheckParameterException Missing(string name, string expected) =>
        new($"Item '{_itemId}': parameter '{name}' is required ({expected}).");

    public CheckParameterException Invalid(string name, string expected) =>
        new($"Item '{_itemId}': parameter '{name}' must be {expected}.");
}

public sealed class CheckParameterException(string message) : Exception(message);

public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length == 0) return false;
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604800) };
        foreach (var (suffix, seconds) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            var number = text[..^suffix.Length];
            if (suffix == "s" && number.EndsWith('m')) continue;
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n * seconds < TimeSpan.MaxValue.TotalSeconds)
            {
                value = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
            return false;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && secs >= 0 && secs < TimeSpan.MaxValue.TotalSeconds)
        {
            value = TimeSpan.FromSeconds(secs);
            return true;
        }
        return false;
    }
}
