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

    /// <summary>
    /// The webhook check's parameters for the scheme fields this cmdlet was given: each field of
    /// <see cref="WebhookParameters.SchemeFields"/> is the cmdlet parameter of the same name, so the list lives once.
    /// </summary>
    protected Dictionary<string, object?> SchemeParameters()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["scheme"] = Scheme };
        foreach (var (name, _) in WebhookParameters.SchemeFields)
            values[name] = GetType().GetProperty(char.ToUpperInvariant(name[0]) + name[1..])?.GetValue(this);
        return values;
    }

    /// <summary>The secret given as a SecureString, or read from the named environment variable; ArgumentException when neither holds one.</summary>
    protected string ResolveSecret()
    {
        if (Secret is not null && new NetworkCredential("", Secret).Password is { Length: > 0 } secret) return secret;
        if (!string.IsNullOrWhiteSpace(SecretEnvironmentVariable)) return WebhookParameters.SecretFromEnvironment(SecretEnvironmentVariable);
        throw new ArgumentException("A webhook secret is required: give it as a SecureString or name the environment variable that holds it.");
    }
}
