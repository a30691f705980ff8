using System.CommandLine;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Cli.Commands;

/// <summary>The in-house scheme options shared by webhook-test and webhook-sign.</summary>
internal sealed class SchemeOptions
{
    private readonly Dictionary<string, Option<string?>> _options = new()
    {
        ["--signature-header"] = new("--signature-header") { Description = "Header carrying the signature (in-house schemes)." },
        ["--signature-format"] = new("--signature-format") { Description = "Signature header template, e.g. 'sha256={signature}'." },
        ["--signed-content"] = new("--signed-content") { Description = "What is signed, e.g. '{timestamp}.{body}'." },
        ["--encoding"] = new("--encoding") { Description = "Signature encoding: hex or base64." },
        ["--secret-encoding"] = new("--secret-encoding") { Description = "Secret to key bytes: utf8 or base64." },
        ["--id-header"] = new("--id-header") { Description = "Header carrying the delivery id." },
        ["--timestamp-header"] = new("--timestamp-header") { Description = "Header carrying the timestamp the receiver trusts." },
        ["--timestamp-field"] = new("--timestamp-field") { Description = "Payload JSON field carrying the timestamp (dotted path)." },
        ["--timestamp-format"] = new("--timestamp-format") { Description = "Timestamp format: unix, unix-ms or iso8601." },
    };

    public static SchemeOptions Create() => new();

    public void AddTo(Command command)
    {
        foreach (var option in _options.Values) command.Options.Add(option);
    }

    public void CopyTo(ParseResult parse, WebhookRequest request)
    {
        string? Get(string name) => parse.GetValue(_options[name]);
        request.SignatureHeader = Get("--signature-header");
        request.SignatureFormat = Get("--signature-format");
        request.SignedContent = Get("--signed-content");
        request.Encoding = Get("--encoding");
        request.SecretEncoding = Get("--secret-encoding");
        request.IdHeader = Get("--id-header");
        request.TimestampHeader = Get("--timestamp-header");
        request.TimestampField = Get("--timestamp-field");
        request.TimestampFormat = Get("--timestamp-format");
    }
}
