using System.Globalization;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>Kubernetes resource quantities (memory in bytes, CPU in cores): 200Mi, 0.5Gi, 200M, 500m, 2.</summary>
public static class Quantity
{
    private static readonly (string Suffix, double Factor)[] Suffixes =
    {
        ("Ki", 1024d), ("Mi", 1024d * 1024), ("Gi", 1024d * 1024 * 1024), ("Ti", 1024d * 1024 * 1024 * 1024),
        ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("m", 1e-3), ("MB", 1e6), ("GB", 1e9),
    };

    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        foreach (var (suffix, factor) in Suffixes.OrderByDescending(s => s.Suffix.Length))
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            if (!double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
            value = n * factor;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static string Mebibytes(double bytes) => (bytes / (1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + "Mi";

    /// <summary>Decimal megabytes, the unit checklists usually state limits in ("200MB").</summary>
    public static string Megabytes(double bytes) => (bytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
