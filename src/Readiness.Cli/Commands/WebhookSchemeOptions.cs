using System.CommandLine;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Cli.Commands;

/// <summary>
/// The in-house scheme options shared by webhook-test and webhook-sign, one per field of
/// <see cref="WebhookParameters.SchemeFields"/> (signatureHeader becomes --signature-header).
/// </summary>
internal sealed class SchemeOptions
{
    private readonly List<(string Parameter, Option<string?> Option)> _options = WebhookParameters.SchemeFields
        .Select(f => (f.Name, new Option<string?>("--" + Kebab(f.Name)) { Description = f.Description }))
        .ToList();

    public static SchemeOptions Create() => new();

    public void AddTo(Command command)
    {
        foreach (var (_, option) in _options) command.Options.Add(option);
    }

    /// <summary>The webhook check's parameters for the options given, plus the scheme name.</summary>
    public Dictionary<string, object?> Parameters(ParseResult parse, string scheme)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["scheme"] = scheme };
        foreach (var (name, option) in _options) values[name] = parse.GetValue(option);
        return values;
    }

    private static string Kebab(string name) => string.Concat(name.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));
}
