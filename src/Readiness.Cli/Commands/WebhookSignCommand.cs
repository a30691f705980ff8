using System.CommandLine;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Cli.Commands;

/// <summary>`readiness webhook-sign --scheme standard --secret-env NAME --payload-file body.json`: prints the headers to send.</summary>
public sealed class WebhookSignCommand : ICliCommand
{
    public string Name => "webhook-sign";

    public Command Build()
    {
        var scheme = new Option<string>("--scheme") { Description = $"Signature scheme: {string.Join(", ", WebhookScheme.Names)}.", DefaultValueFactory = _ => "github" };
        var secretEnv = new Option<string>("--secret-env") { Description = "Environment variable holding the webhook secret.", Required = true };
        var payload = new Option<string?>("--payload") { Description = "Payload text to sign." };
        var payloadFile = new Option<string?>("--payload-file") { Description = "File whose exact content is signed." };
        var id = new Option<string?>("--id") { Description = "Delivery id (default: a fresh one in the scheme's style)." };
        var timestamp = new Option<long?>("--timestamp") { Description = "Unix time in seconds (default: now)." };
        var eventName = new Option<string?>("--event") { Description = "Event name for schemes that send one." };
        var json = new Option<bool>("--json") { Description = "Print the signature object as JSON instead of header lines." };
        var overrides = SchemeOptions.Create();

        var command = new Command(Name, "Sign a payload as a webhook sender of the scheme would and print the headers to send.")
        {
            scheme, secretEnv, payload, payloadFile, id, timestamp, eventName, json,
        };
        overrides.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var signingScheme = WebhookParameters.From("webhook-sign", overrides.Parameters(parse, parse.GetValue(scheme)!)).ResolveScheme();
            var secret = WebhookParameters.SecretFromEnvironment(parse.GetValue(secretEnv)!);
            var body = parse.GetValue(payloadFile) is { } file ? await File.ReadAllTextAsync(file, ct) : parse.GetValue(payload);
            var signed = WebhookSignatures.Create(signingScheme, secret, body ?? "{}", Blank(parse.GetValue(id)),
                parse.GetValue(timestamp) is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : null, Blank(parse.GetValue(eventName)));
            if (parse.GetValue(json))
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(signed, CliJsonContext.Default.WebhookSignature));
            else
                foreach (var (name, value) in signed.Headers) Console.WriteLine($"{name}: {value}");
            return ExitCodes.Go;
        });
        return command;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
