using Readiness.Core.Running;
using System.Management.Automation;
using Readiness.Core.Checks.Webhook;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Signs a payload the way a webhook sender of the chosen scheme does and returns the headers to send. It only
/// computes: nothing is sent or written, so it has no -WhatIf.
/// </summary>
[Cmdlet(VerbsCommon.New, "WebhookSignature", DefaultParameterSetName = SecureSecretSet)]
[OutputType(typeof(WebhookSignature))]
public sealed class NewWebhookSignatureCmdlet : WebhookSchemeCmdlet
{

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Payload { get; set; } = "";




    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DeliveryId { get; set; }

    [Parameter]
    public DateTimeOffset? Timestamp { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Event { get; set; }









    protected override void ProcessRecord()
    {
        try
        {
            var scheme = WebhookParameters.From("New-WebhookSignature", SchemeParameters()).ResolveScheme();
            WriteObject(WebhookSignatures.Create(scheme, ResolveSecret(), Payload, Blank(DeliveryId), Timestamp, Blank(Event)));
        }
        catch (Exception ex) when (ex is ArgumentException or CheckParameterException)
        {
            ThrowConfigurationError(ex, "WebhookSignatureInvalid", Scheme, ErrorCategory.InvalidArgument);
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
