using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Security;

/// <summary>The items Test-ReadinessSecurity, Test-ReadinessTls and `readiness security` run, through the same AdHocRun.</summary>
public static class SecurityRuns
{
    public static Task<ReadinessReport> RunAsync(SecurityTarget target, bool tlsOnly = false, IReadOnlyList<string>? environmentSources = null,
        CancellationToken cancellationToken = default) =>
        SecurityCheck.AddItems(new AdHocRun("security", Path.GetTempPath()) { Timeout = SecurityCheck.ItemTimeout(target.Timeout) },
            target, tlsOnly, environmentSources ?? []).RunReportAsync(cancellationToken);
}
