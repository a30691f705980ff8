using System.CommandLine;
using Readiness.Core.Checks.Webhook;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary>`readiness webhook-test URL --scheme github --secret-env NAME`: the probes of Test-WebhookReplay, as a report.</summary>
public sealed class WebhookTestCommand : ICliCommand
{
    public string Name => "webhook-test";

    public Command Build()
    {
        var url = new Argument<string>("url") { Description = "Webhook receiver URL (POST)." };
        var scheme = new Option<string>("--scheme") { Description = $"Signature scheme: {string.Join(", ", WebhookScheme.Names)}.", DefaultValueFactory = _ => "github" };
        var secretEnv = new Option<string>("--secret-env") { Description = "Environment variable holding the webhook secret (never pass the secret itself).", Required = true };
        var maxAge = new Option<int?>("--max-age") { Description = "The receiver's replay window in seconds (default: the scheme's 300 s)." };
        var payloadFile = new Option<string?>("--payload-file") { Description = "File whose content is sent as the payload (default: a small ping payload)." };
        var eventName = new Option<string>("--event") { Description = "Event name (X-GitHub-Event, Stripe type).", DefaultValueFactory = _ => "ping" };
        var probes = new Option<string[]>("--probe") { Description = $"Run only this probe; repeatable: {string.Join(", ", WebhookProbes.All)}." };
        var headers = new Option<string[]>("--header") { Description = "Extra header as Name=value; repeatable." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 10 };
        var overrides = SchemeOptions.Create();
        var format = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(", ", ReportWriters.Formats)}.", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show evidence and remediation in the table." };

        var command = new Command(Name,
            "Probe a webhook receiver: a valid delivery is accepted; a replay, stale or future timestamp, tampered body, wrong secret and missing signature are rejected.")
        {
            url, scheme, secretEnv, maxAge, payloadFile, eventName, probes, headers, timeout, format, output, verbose,
        };
        overrides.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var parameters = overrides.Parameters(parse, parse.GetValue(scheme)!);
            parameters["url"] = parse.GetValue(url);
            parameters["secretEnv"] = parse.GetValue(secretEnv);
            parameters["maxAge"] = parse.GetValue(maxAge) is { } age ? $"{age}s" : null;
            parameters["payloadFile"] = parse.GetValue(payloadFile);
            parameters["event"] = parse.GetValue(eventName);
            parameters["probes"] = parse.GetValue(probes);
            parameters["headers"] = ParseHeaders(parse.GetValue(headers));
            parameters["requestTimeout"] = $"{parse.GetValue(timeout)}s";
            parameters["perProbe"] = true;
            // Bad scheme values and a missing secret are usage errors, as before anything is sent.
            var bound = WebhookParameters.From("webhook", parameters);
            bound.ResolveScheme();
            WebhookParameters.SecretFromEnvironment(bound.SecretEnv!);
            var probeCount = WebhookProbes.Select(bound.Probes).Count;
            var start = DateTimeOffset.Now;
            var results = await new AdHocRun("webhook-test", Environment.CurrentDirectory)
            {
                // Sending the probes is what the command is for: it asks nothing, as before.
                Host = new ConfirmedHost(new ConsoleHost { Cancellation = ct }),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout) * (probeCount + 1) + 5),
            }.Add(WebhookCheck.TypeName, "webhook", "Webhook receiver", Severity.High, parameters, section: "Webhook").RunAsync(ct);
            var report = ReportBuilder.Build(new Checklist { Name = "webhook-test" }, results, start, DateTimeOffset.Now - start, parse.GetValue(url));
            Output.Write(report, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(verbose));
            return CheckStatusRules.Quiet(results) ? ExitCodes.Go : ExitCodes.Findings;
        });
        return command;
    }

    private static Dictionary<string, object?> ParseHeaders(IEnumerable<string>? values)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in values ?? Array.Empty<string>())
        {
            var eq = v.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--header '{v}' must look like Name=value.");
            result[v[..eq]] = v[(eq + 1)..];
        }
        return result;
    }
}
