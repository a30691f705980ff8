using Readiness.Core.Checks.AlertRouting;
using Readiness.Core.Checks.All;
using Readiness.Core.Checks.AuditEvents;
using Readiness.Core.Checks.Backup;
using Readiness.Core.Checks.Command;
using Readiness.Core.Checks.Coverage;
using Readiness.Core.Checks.Dashboards;
using Readiness.Core.Checks.Database;
using Readiness.Core.Checks.DependencyAudit;
using Readiness.Core.Checks.Docs;
using Readiness.Core.Checks.Edge;
using Readiness.Core.Checks.Env;
using Readiness.Core.Checks.Git;
using Readiness.Core.Checks.Headers;
using Readiness.Core.Checks.Health;
using Readiness.Core.Checks.Hsts;
using Readiness.Core.Checks.Http;
using Readiness.Core.Checks.Kms;
using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Checks.Load;
using Readiness.Core.Checks.Lockout;
using Readiness.Core.Checks.Logs;
using Readiness.Core.Checks.Manual;
using Readiness.Core.Checks.Metrics;
using Readiness.Core.Checks.OpenApi;
using Readiness.Core.Checks.PrometheusRules;
using Readiness.Core.Checks.RateLimit;
using Readiness.Core.Checks.Redirect;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Checks.Security;
using Readiness.Core.Checks.TestResults;
using Readiness.Core.Checks.Tls;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Core.Running;

/// <summary>All check types known to the engine: <see cref="Default"/> holds <see cref="BuiltIn"/>, tests build their own.</summary>
public sealed class CheckRegistry
{
    private readonly Dictionary<string, ICheck> _checks;

    public CheckRegistry(IEnumerable<ICheck> checks)
    {
        _checks = checks.ToDictionary(c => c.Type, StringComparer.OrdinalIgnoreCase);
    }

    public static CheckRegistry Default { get; } = new(BuiltIn());

    /// <summary>
    /// Every check type of the engine, written out rather than found by reflection so a trimmed (Native AOT) build
    /// keeps them all. A new check class goes here; CheckRegistryTests names any class that is missing.
    /// </summary>
    public static IReadOnlyList<ICheck> BuiltIn() =>
    [
        new AlertRoutingCheck(),
        new AllCheck(),
        new AuditEventsCheck(),
        new BackupRestoreCheck(),
        new CommandCheck(),
        new CoverageCheck(),
        new DatabaseCheck(),
        new DependencyAuditCheck(),
        new DocsCheck(),
        new EdgeProtectionCheck(),
        new EnvCheck(),
        new GitCheck(),
        new GrafanaDashboardsCheck(),
        new HeadersCheck(),
        new HealthCheck(),
        new HstsCheck(),
        new HttpCheck(),
        new HttpRedirectCheck(),
        new KmsCheck(),
        new KubernetesCheck(),
        new LoadCheck(),
        new LockoutCheck(),
        new LogsCheck(),
        new ManualCheck(),
        new MetricsCheck(),
        new OpenApiCheck(),
        new PrometheusRulesCheck(),
        new RateLimitCheck(),
        new SecretsCheck(),
        new SecurityCheck(),
        new TestResultsCheck(),
        new TlsCheck(),
        new WebhookCheck(),
    ];

    public IReadOnlyCollection<string> Types => _checks.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    public bool TryGet(string type, out ICheck check) => _checks.TryGetValue(type, out check!);

    public ICheck Get(string type) =>
        TryGet(type, out var check) ? check
            : throw new KeyNotFoundException($"Unknown check type '{type}'. Allowed: {string.Join(", ", Types)}.");
}
