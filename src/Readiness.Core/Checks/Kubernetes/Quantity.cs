using k8s.Models;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// Memory quantities: Kubernetes' own forms (200Mi, 0.5Gi, 200M) through KubernetesClient's ResourceQuantity, plus
/// the "200MB" checklists are written in.
/// </summary>
public static class Quantity
{
    public static bool TryParse(string? text, out double bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (text.EndsWith("B", StringComparison.Ordinal) && text.Length > 2 && char.IsLetter(text[^2])) text = text[..^1]; // 200MB -> 200M
        try { bytes = (double)new ResourceQuantity(text).ToDecimal(); return true; }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException) { return false; }
    }

    public static bool TryParse(ResourceQuantity? quantity, out double bytes)
    {
        bytes = 0;
        if (quantity is null) return false;
        try { bytes = (double)quantity.ToDecimal(); return true; }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException) { return false; }
    }

    /// <summary>Decimal megabytes, the unit checklists usually state limits in ("200MB").</summary>
    public static string Megabytes(double bytes) => (bytes / 1e6).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
