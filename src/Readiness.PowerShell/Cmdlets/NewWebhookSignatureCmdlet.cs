using System.Management.Automation;
using System.Net;
using System.Security;
using Readiness.Core.Checks.Webhook;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Signs a payload the way a webhook sender of the chosen scheme does and returns the headers to send. It only
/// computes: nothing is sent or written, so it has no -WhatIf.
/// </summary>
[Cmdlet(VerbsCommon.New, "WebhookSignature", DefaultParameterSetName = SecureSecretSet)]
[OutputType(typeof(WebhookSignature))]
public sealed class NewWebhookSignatureCmdlet : ReadinessCmdlet
{
    private const string SecureSecretSet = "SecureSecret";
    private const string EnvironmentSecretSet = "EnvironmentSecret";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Payload { get; set; } = "";

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
    [ValidateNotNullOrEmpty]
    public string? DeliveryId { get; set; }

    [Parameter]
    public DateTimeOffset? Timestamp { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Event { get; set; }

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
    [ValidateSet("unix", "unix-ms", "iso8601", IgnoreCase = true)]
    public string? TimestampFormat { get; set; }

    protected override void ProcessRecord()
    {
        var request = new WebhookRequest
        {
            Scheme = Scheme,
            Secret = Secret is null ? null : new NetworkCredential("", Secret).Password,
            SecretEnvironmentVariable = SecretEnvironmentVariable,
            Payload = Payload,
            Event = Event,
            SignatureHeader = SignatureHeader,
            SignatureFormat = SignatureFormat,
            SignedContent = SignedContent,
            Encoding = Encoding,
            SecretEncoding = SecretEncoding,
            IdHeader = IdHeader,
            TimestampHeader = TimestampHeader,
            TimestampFormat = TimestampFormat,
        };
        try
        {
            WriteObject(request.Sign(DeliveryId, Timestamp));
        }
        catch (ArgumentException ex)
        {
            ThrowConfigurationError(ex, "WebhookSignatureInvalid", Scheme);
        }
    }
}
