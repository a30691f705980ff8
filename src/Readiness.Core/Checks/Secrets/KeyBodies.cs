namespace Readiness.Core.Checks.Secrets;

internal enum KeyBody { Real, NotYet, Placeholder }

/// <summary>
/// Decides whether a key's BEGIN line starts a key. Documentation and templates show the header with an empty body,
/// "...", "&lt;your key&gt;" or a repeated character; a real key continues with base64 (PEM, OpenSSH, PGP armour),
/// perhaps after armour headers such as Proc-Type and DEK-Info and, for PGP, a blank line.
/// </summary>
internal static class KeyBodies
{
    public static KeyBody JudgeRestOfHeaderLine(ReadOnlySpan<char> rest)
    {
        var r = rest.Trim();
        while (r.StartsWith("\\n") || r.StartsWith("\\r")) r = r[2..].TrimStart();
        if (r.IsEmpty) return KeyBody.NotYet;
        if (IsArmourHeader(r)) return KeyBody.Real;
        return Judge(r) == KeyBody.Real ? KeyBody.Real : KeyBody.Placeholder;
    }

    public static KeyBody Judge(ReadOnlySpan<char> line)
    {
        var t = line.Trim().TrimStart("\"'+ \t");
        if (t.IsEmpty) return KeyBody.NotYet;
        if (IsArmourHeader(t)) return KeyBody.NotYet;
        var length = 0;
        while (length < t.Length && (char.IsAsciiLetterOrDigit(t[length]) || t[length] is '+' or '/' or '=')) length++;
        if (length < 16) return KeyBody.Placeholder;
        if (t[length..].StartsWith("...")) return KeyBody.Placeholder;
        var body = t[..length].ToString();
        if (SecretPlaceholders.IsPlaceholder(body, false)) return KeyBody.Placeholder;
        if (Env.SecretStrength.Entropy(body) < 2.5) return KeyBody.Placeholder;
        return KeyBody.Real;
    }

    /// <summary>"Proc-Type: 4,ENCRYPTED", "DEK-Info: ...", "Version: ...": a word, a colon and a space.</summary>
    private static bool IsArmourHeader(ReadOnlySpan<char> t)
    {
        var colon = t.IndexOf(": ");
        if (colon <= 0) return false;
        foreach (var c in t[..colon]) if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        return char.IsAsciiLetter(t[0]);
    }
}
