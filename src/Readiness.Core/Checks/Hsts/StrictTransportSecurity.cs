using System.Globalization;

namespace Readiness.Core.Checks.Hsts;

/// <summary>A parsed Strict-Transport-Security header (RFC 6797 section 6.1). Parsing never throws: problems land in <see cref="Error"/>.</summary>
public sealed record StrictTransportSecurity
{
    public long? MaxAge { get; init; }
    public bool IncludeSubDomains { get; init; }
    public bool Preload { get; init; }
    /// <summary>Why the header is invalid (browsers then ignore it), or null.</summary>
    public string? Error { get; init; }

    public bool IsValid => Error is null;

    public static StrictTransportSecurity Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return new StrictTransportSecurity { Error = "the header is empty" };
        long? maxAge = null;
        bool includeSubDomains = false, preload = false;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in header.Split(';'))
        {
            var directive = part.Trim();
            if (directive.Length == 0) continue;
            var eq = directive.IndexOf('=');
            var name = (eq < 0 ? directive : directive[..eq]).Trim();
            var value = eq < 0 ? null : directive[(eq + 1)..].Trim();
            if (value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            if (name.Length == 0) return new StrictTransportSecurity { Error = $"'{directive}' has no directive name" };
            if (!seen.Add(name)) return new StrictTransportSecurity { Error = $"the {name} directive appears twice" };
            switch (name.ToLowerInvariant())
            {
                case "max-age":
                    if (value is null || value.Length == 0 || !value.All(char.IsAsciiDigit)
                        || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                        return new StrictTransportSecurity { Error = $"max-age '{value}' is not a number of seconds" };
                    maxAge = seconds;
                    break;
                case "includesubdomains":
                    includeSubDomains = true;
                    break;
                case "preload":
                    preload = true;
                    break;
                // Unknown directives are ignored, as the RFC requires of browsers.
            }
        }
        return maxAge is null
            ? new StrictTransportSecurity { Error = "max-age is missing", IncludeSubDomains = includeSubDomains, Preload = preload }
            : new StrictTransportSecurity { MaxAge = maxAge, IncludeSubDomains = includeSubDomains, Preload = preload };
    }
}
