using System.Management.Automation;
using System.Net;
using System.Security;
using Readiness.Core.Checks.Webhook;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>The scheme and secret parameters New-WebhookSignature and Test-WebhookReplay share, declared once.</summary>
public abstract class WebhookSchemeCmdlet : ReadinessCmdlet
{
    protected const string SecureSecretSet = "SecureSecret";
    protected const string EnvironmentSecretSet = "EnvironmentSecret";

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

    /// <summary>A request carrying the shared scheme and secret parameters; the cmdlet adds its own.</summary>
    protected WebhookRequest SchemeRequest() => new()
    {
        Scheme = Scheme,
        Secret = Secret is null ? null : new NetworkCredential("", Secret).Password,
        SecretEnvironmentVariable = SecretEnvironmentVariable,
        SignatureHeader = SignatureHeader,
        SignatureFormat = SignatureFormat,
        SignedContent = SignedContent,
        Encoding = Encoding,
        SecretEncoding = SecretEncoding,
        IdHeader = IdHeader,
        TimestampHeader = TimestampHeader,
        TimestampFormat = TimestampFormat,
    };
}
