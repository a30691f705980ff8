using System.Collections;
using System.Management.Automation;
using Readiness.Core.Checks.Webhook;
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
        var request = SchemeRequest();
        request.Uri = Uri!.ToString();
        request.MaxAgeSeconds = MaxAgeSeconds;
        request.Payload = Payload;
        request.Event = Event;
        request.Probes = Probe;
        request.Headers = Header?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase) ?? new Dictionary<string, string>();
        request.TimeoutSeconds = TimeoutSec;
        request.TimestampField = TimestampField;

        WebhookProbeOptions options;
        try
        {
            options = request.ToProbeOptions();
        }
        catch (ArgumentException ex)
        {
            ThrowConfigurationError(ex, "WebhookRequestInvalid", Uri);
            return;
        }
        if (!ShouldProcess(options.Uri.ToString(), WebhookProbes.Describe(options.Scheme.Name, options.Probes))) return;
        IReadOnlyList<CheckResult> results;
        try
        {
            results = RunEngine((_, ct) => WebhookReplayTest.RunAsync(options, ct));
        }
        catch (ArgumentException ex)
        {
            ThrowConfigurationError(ex, "WebhookRequestInvalid", Uri, ErrorCategory.InvalidArgument);
            return;
        }

        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var result in results) WriteObject(result);
    }
}
