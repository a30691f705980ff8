using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks a /health endpoint and its dependency entries, or connects directly to PostgreSQL or Redis.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessHealth", DefaultParameterSetName = "Uri")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessHealthCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Uri", ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    [ValidateUriScheme("http", "https")]
    public Uri Uri { get; set; } = null!;

    [Parameter(ParameterSetName = "Uri")]
    public string[]? Dependency { get; set; }

    [Parameter(ParameterSetName = "Uri")]
    public string? BearerTokenVariable { get; set; }

    /// <summary>An Npgsql connection string without the password.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Postgres")]
    public string Postgres { get; set; } = "";

    /// <summary>host:port or redis://[user@]host:port.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Redis")]
    public string Redis { get; set; } = "";

    [Parameter(ParameterSetName = "Redis")]
    public string? Role { get; set; }

    /// <summary>Name of the environment variable holding the password; the value is never shown.</summary>
    [Parameter(ParameterSetName = "Postgres")]
    [Parameter(ParameterSetName = "Redis")]
    public string? PasswordVariable { get; set; }

    [Parameter]
    [ValidateRange(1, 600)]
    [TimeoutSecTransformation]
    [Alias("TimeoutSeconds", "Timeout")]
    public int TimeoutSec { get; set; } = 10;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["url"] = ParameterSetName == "Uri" ? Uri.AbsoluteUri : null,
            ["dependencies"] = Dependency is null ? null : CheckArguments.ToList(Dependency),
            ["bearerTokenEnv"] = BearerTokenVariable,
            ["postgres"] = ParameterSetName == "Postgres" ? Postgres : null,
            ["redis"] = ParameterSetName == "Redis" ? Redis : null,
            ["role"] = Role,
            ["passwordEnv"] = PasswordVariable,
            ["timeout"] = $"{TimeoutSec}s",
        };
        var results = RunItems("health", TimeSpan.FromSeconds(TimeoutSec + 5),
            run => run.Add("health", "health", "Health and dependency connectivity", Severity.High, parameters), Uri);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
