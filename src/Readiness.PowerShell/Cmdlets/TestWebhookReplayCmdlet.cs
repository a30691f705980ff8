using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;
using Readiness.Core.Checks.Webhook;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Sends a webhook receiver a valid delivery, then a replay, stale and future timestamps, a tampered body, a wrong
/// signature and no signature, and returns one CheckResult per probe (or one Boolean with -Quiet).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "WebhookReplay", DefaultParameterSetName = SecureSecretSet)]
[OutputType(typeof(CheckResult))]
[OutputType(typeof(bool))]
public sealed class TestWebhookReplayCmdlet : ReadinessCmdlet
{
    private const string SecureSecretSet = "SecureSecret";
    private const string EnvironmentSecretSet = "EnvironmentSecret";

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    [Parameter]
    [ValidateSet("github", "standard", "stripe", "custom", IgnoreCase = true)]
    public string Scheme { get; set; } = "github";

    [Parameter(Mandatory = true, ParameterSetName = SecureSecretSet)]
    [ValidateNotNull]
    public SecureString? Secret { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = EnvironmentSecretSet)]
    [ValidateNotNullOrEmpty]
    public string? SecretEnvironmentVariable { get; set; }

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
    public string? SignatureHeader { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SignatureFormat { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SignedContent { get; set; }

    [Parameter]
    [ValidateSet("hex", "base64", IgnoreCase = true)]
    public string? Encoding { get; set; }

    [Parameter]
    [ValidateSet("utf8", "base64", IgnoreCase = true)]
    public string? SecretEncoding { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IdHeader { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimestampHeader { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimestampField { get; set; }

    [Parameter]
    [ValidateSet("unix", "unix-ms", "iso8601", IgnoreCase = true)]
    public string? TimestampFormat { get; set; }

    [Parameter]
    [ValidateRange(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var request = new WebhookRequest
        {
            Uri = Uri!.ToString(),
            Scheme = Scheme,
            Secret = Secret is null ? null : new NetworkCredential("", Secret).Password,
            SecretEnvironmentVariable = SecretEnvironmentVariable,
            MaxAgeSeconds = MaxAgeSeconds,
            Payload = Payload,
            Event = Event,
            Probes = Probe,
            Headers = Header?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase)
                      ?? new Dictionary<string, string>(),
            TimeoutSeconds = TimeoutSeconds,
            SignatureHeader = SignatureHeader,
            SignatureFormat = SignatureFormat,
            SignedContent = SignedContent,
            Encoding = Encoding,
            SecretEncoding = SecretEncoding,
            IdHeader = IdHeader,
            TimestampHeader = TimestampHeader,
            TimestampField = TimestampField,
            TimestampFormat = TimestampFormat,
        };

        IReadOnlyList<CheckResult> results;
        try
        {
            var options = request.ToProbeOptions();
            results = RunEngine((_, ct) => WebhookReplayTest.RunAsync(options, ct));
        }
        catch (ArgumentException ex)
        {
            ThrowConfigurationError(ex, "WebhookRequestInvalid", Uri);
            return;
        }

        if (Quiet) WriteObject(WebhookReplayTest.AllPassed(results));
        else foreach (var result in results) WriteObject(result);
    }
}
