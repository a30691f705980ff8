namespace Readiness.Core.Checks.Env;

/// <summary>Judges a secret by length, character classes and obvious placeholders, without exposing it.</summary>
public static class SecretStrength
{
    private static readonly string[] Placeholders =
    {
        "changeme", "change-me", "change_me", "replace-me", "replaceme", "your-secret", "yoursecret", "secret", "password",
        "example", "default", "todo", "xxx", "placeholder", "dummy", "test", "sample", "insecure", "dev", "none", "null",
    };

    public static bool IsPlaceholder(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        if (v.Length == 0) return true;
        if (v.StartsWith('<') && v.EndsWith('>')) return true;
        if (v.StartsWith("${") || v.StartsWith("{{")) return true;
        if (v.Distinct().Count() == 1) return true;
        if (v.All(c => c is 'x' or '*' or '.' or '-' or '_')) return true;
        return Placeholders.Any(p => v == p || v.StartsWith(p + "-") || v.StartsWith(p + "_") || v.Contains("changeme") || v.Contains("your-") || v.Contains("replace"));
    }

    public static int CharacterClasses(string value)
    {
        var classes = 0;
        if (value.Any(char.IsLower)) classes++;
        if (value.Any(char.IsUpper)) classes++;
        if (value.Any(char.IsDigit)) classes++;
        if (value.Any(c => !char.IsLetterOrDigit(c))) classes++;
        return classes;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0) return 0;
        return -value.GroupBy(c => c).Select(g => (double)g.Count() / value.Length).Sum(p => p * Math.Log2(p));
    }
}
