namespace Readiness.Core.Checks.Headers;

/// <summary>
/// The attributes of one Set-Cookie header. The value is deliberately not kept: cookie values are often session
/// secrets and must never reach a result.
/// </summary>
public sealed record SetCookie(string Name, bool Secure, bool HttpOnly, string? SameSite)
{
    // Names that usually carry a session or an authentication token.
    private static readonly string[] SessionMarkers = { "sess", "sid", "auth", "login", "token", "jwt", "remember" };

    public bool LooksLikeSession => SessionMarkers.Any(m => Name.Contains(m, StringComparison.OrdinalIgnoreCase));

    public bool IsAntiCsrf => Name.Contains("csrf", StringComparison.OrdinalIgnoreCase) || Name.Contains("xsrf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one header; returns null when there is no name=value pair (browsers ignore such headers).</summary>
    public static SetCookie? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var parts = header.Split(';');
        var eq = parts[0].IndexOf('=');
        if (eq < 0) return null;
        var name = parts[0][..eq].Trim();
        if (name.Length == 0) return null;
        bool secure = false, httpOnly = false;
        string? sameSite = null;
        foreach (var attribute in parts.Skip(1))
        {
            var a = attribute.Trim();
            var aeq = a.IndexOf('=');
            var key = (aeq < 0 ? a : a[..aeq]).Trim();
            if (key.Equals("secure", StringComparison.OrdinalIgnoreCase)) secure = true;
            else if (key.Equals("httponly", StringComparison.OrdinalIgnoreCase)) httpOnly = true;
            else if (key.Equals("samesite", StringComparison.OrdinalIgnoreCase)) sameSite = aeq < 0 ? "" : a[(aeq + 1)..].Trim();
        }
        return new SetCookie(name, secure, httpOnly, sameSite);
    }

    public bool SameSiteValid => SameSite is not null && (SameSite.Equals("Strict", StringComparison.OrdinalIgnoreCase)
        || SameSite.Equals("Lax", StringComparison.OrdinalIgnoreCase) || SameSite.Equals("None", StringComparison.OrdinalIgnoreCase));

    public bool SameSiteRestricts => SameSite is not null && (SameSite.Equals("Strict", StringComparison.OrdinalIgnoreCase)
        || SameSite.Equals("Lax", StringComparison.OrdinalIgnoreCase));
}
