using System.Collections;
using System.Management.Automation;
using Readiness.Core.Checks.Webhook;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Sends a webhook receiver a valid delivery, then a replay, stale and future timestamps, a tampered body, a wrong
/// signature and no signature, and returns one CheckResult per probe (or one Boolean with -Quiet).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "WebhookReplay", DefaultParameterSetName = SecureSecretSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult))]
[OutputType(typeof(bool))]
public sealed class TestWebhookReplayCmdlet : WebhookSchemeCmdlet
{

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    [ValidateUriScheme("http", "https")]
    public Uri? Uri { get; set; }




    [Parameter]
    [ValidateRange(1, 604800)]
    public int? MaxAgeSeconds { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Payload { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Event { get; set; } = "ping";

    [Parameter]
    [ValidateSet("valid", "replay", "stale", "future", "tampered", "wrong-secret", "unsigned", IgnoreCase = true)]
    public string[] Probe { get; set; } = Array.Empty<string>();

    [Parameter]
    public Hashtable? Header { get; set; }








    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimestampField { get; set; }


    [Parameter]
    [ValidateRange(1, 300)]
    [TimeoutSecTransformation]
    [Alias("TimeoutSeconds", "Timeout")]
    public int TimeoutSec { get; set; } = 10;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = SchemeParameters();
        parameters["url"] = Uri!.ToString();
        parameters["secretEnv"] = SecretVariable;
        parameters["maxAge"] = MaxAgeSeconds is { } age ? $"{age}s" : null;
        parameters["payload"] = Payload;
        parameters["event"] = Event;
        parameters["probes"] = Probe;
        parameters["headers"] = Header?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => (object?)(e.Value?.ToString() ?? ""), StringComparer.OrdinalIgnoreCase);
        parameters["requestTimeout"] = $"{TimeoutSec}s";
        parameters["perProbe"] = true;

        // Bad scheme values and a missing secret are the caller's mistake: a terminating error before anything is sent.
        string secret;
        WebhookScheme scheme;
        IReadOnlyList<string> probes;
        try
        {
            scheme = WebhookParameters.From("webhook", parameters).ResolveScheme();
            probes = WebhookProbes.Select(Probe);
            secret = ResolveSecret();
        }
        catch (Exception ex) when (ex is ArgumentException or CheckParameterException)
        {
            ThrowConfigurationError(ex, "WebhookRequestInvalid", Uri);
            return;
        }
        if (!ShouldProcess(Uri.ToString(), WebhookProbes.Describe(scheme.Name, probes))) return;
        // Every probe may wait the request timeout; the item's timeout leaves room for all of them.
        var timeout = TimeSpan.FromSeconds(TimeoutSec * (probes.Count + 1) + 5);
        var results = RunItems("webhook receiver", timeout,
            run => run.Add(WebhookCheck.TypeName, "webhook", "Webhook receiver", Severity.High, parameters, section: "Webhook"), Uri,
            environment: name => name == SecretVariable ? secret : System.Environment.GetEnvironmentVariable(name), confirmed: true);

        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var result in results) WriteObject(result);
    }

    /// <summary>The name the check reads the secret under: the caller's variable, or a stand-in for a SecureString.</summary>
    private string SecretVariable => string.IsNullOrWhiteSpace(SecretEnvironmentVariable) ? "Test-WebhookReplay -Secret" : SecretEnvironmentVariable;
}
