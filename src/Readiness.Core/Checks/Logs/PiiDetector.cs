using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Logs;

/// <summary>
/// Finds personal data in clear text. Masked forms (<c>j***@example.com</c>, <c>****1234</c>) are not findings.
/// Returns only the kind of data found, never the value.
/// </summary>
public static partial class PiiDetector
{
    public static readonly string[] AllKinds = { "email", "card", "national-id", "phone", "jwt", "bearer", "ip" };
    public static readonly string[] DefaultKinds = { "email", "card", "national-id", "phone", "jwt", "bearer" };

    public static IEnumerable<string> Find(string text, IReadOnlyCollection<string> kinds)
    {
        if (kinds.Contains("email") && Email().Matches(text).Any(m => !m.Groups["local"].Value.Contains('*'))) yield return "email";
        if (kinds.Contains("card") && CardCandidate().Matches(text).Any(m => IsCardNumber(m.Value))) yield return "card";
        if (kinds.Contains("national-id") && NationalId().IsMatch(text)) yield return "national-id";
        if (kinds.Contains("jwt") && Jwt().IsMatch(text)) yield return "jwt";
        if (kinds.Contains("bearer") && Bearer().Matches(text).Any(m => !m.Groups["token"].Value.Contains('*'))) yield return "bearer";
        if (kinds.Contains("phone") && Phone().Matches(text).Any(m => m.Value.Count(char.IsDigit) is >= 10 and <= 15 && !IsCardNumber(m.Value))) yield return "phone";
        if (kinds.Contains("ip") && Ipv4().Matches(text).Any(m => m.Value.Split('.').All(p => int.Parse(p) <= 255))) yield return "ip";
    }

    /// <summary>13 to 19 digits (spaces or dashes allowed) passing the Luhn check.</summary>
    public static bool IsCardNumber(string candidate)
    {
        var digits = candidate.Where(char.IsDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19) return false;
        if (digits.Distinct().Count() == 1) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    // Bounded as RFC 5321 bounds them (64 and 255): unbounded runs made a 200,000-character line cost seconds.
    [GeneratedRegex(@"(?<local>[A-Za-z0-9._%+*-]{1,64})@(?<domain>[A-Za-z0-9.-]{1,252}\.[A-Za-z]{2,})")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d*])(?:\d[ -]?){12,18}\d(?!\d)")]
    private static partial Regex CardCandidate();

    // US SSN shape; excludes the never-issued 000, 666 and 9xx areas.
    [GeneratedRegex(@"(?<!\d)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)")]
    private static partial Regex NationalId();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)\bbearer\s+(?<token>[A-Za-z0-9._~+/*-]{16,}=*)")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<![\w*])\+?\(?\d{1,3}\)?[ .-]?\(?\d{2,4}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}(?![\w*])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")]
    private static partial Regex Ipv4();
}
