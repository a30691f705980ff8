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
        var request = SchemeRequest();
        request.Payload = Payload;
        request.Event = Event;
        try
        {
            WriteObject(request.Sign(DeliveryId, Timestamp));
        }
        catch (ArgumentException ex)
        {
            ThrowConfigurationError(ex, "WebhookSignatureInvalid", Scheme, ErrorCategory.InvalidArgument);
        }
    }
}
