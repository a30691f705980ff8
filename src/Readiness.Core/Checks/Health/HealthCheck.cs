using Readiness.Core.Checks.Metrics;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Health;

/// <summary>
/// A service's health: its /health endpoint (2xx and a healthy status, each dependency entry reported), or direct
/// connectivity to PostgreSQL or Redis with the password read from an environment variable and never shown.
/// Exactly one of url, postgres, redis is given.
/// </summary>
public sealed class HealthCheck : SingleResultCheck<HealthParameters>
{
    public override string Type => "health";

    public override async Task<CheckResult> DecideAsync(CheckContext context, HealthParameters p, CancellationToken cancellationToken)
    {
        var timeout = context.ProbeTimeout(p.Timeout);
        var modes = new[] { ("url", p.Url), ("postgres", p.Postgres), ("redis", p.Redis) }.Where(m => m.Item2 is not null).ToList();
        if (modes.Count != 1) throw context.Parameters.Invalid(modes.Count == 0 ? "url" : modes[1].Item1, "exactly one of url, postgres or redis");
        string? password = null;
        if (p.PasswordEnv is { } passwordEnv)
        {
            password = context.Environment.GetEnvironmentVariable(passwordEnv);
            if (string.IsNullOrEmpty(password))
                return context.Error($"{passwordEnv} is not set, so the connection cannot authenticate.", passwordEnv);
            context.Secrets.Add(password);
        }
        return modes[0] switch
        {
            ("postgres", var postgres) => await PostgresProbe.RunAsync(context, postgres!, password, timeout, cancellationToken).ConfigureAwait(false),
            ("redis", var redis) => await RedisProbe.RunAsync(context, redis!, password, p.Role, timeout, cancellationToken).ConfigureAwait(false),
            (_, var url) => await HttpHealthAsync(context, p, url!, timeout, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<CheckResult> HttpHealthAsync(CheckContext context, HealthParameters p, string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? token = null;
        if (p.BearerTokenEnv is { } tokenEnv)
        {
            token = context.Environment.GetEnvironmentVariable(tokenEnv);
            if (string.IsNullOrEmpty(token)) return context.Error($"{tokenEnv} is not set, so {url} cannot be called with a bearer token.", url);
            context.Secrets.Add(token);
        }
        int status;
        string body;
        if (!MetricsCheck.IsHttp(url))
        {
            // A saved health response (e.g. in the sample target): judged as if served with 200.
            var path = context.ResolvePath(url);
            if (!File.Exists(path)) return context.Error($"The saved health response {path} does not exist.", path);
            url = Path.GetFileName(path);
            status = 200;
            body = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        else try
        {
            using var client = Scraper.CreateClient(timeout);
            using var response = await Scraper.GetAsync(client, url, token, "application/json, text/plain;q=0.9, */*;q=0.1", timeout, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await Scraper.ReadBodyAsync(response, url, timeout, context.Environment.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex) { return context.Error($"The health endpoint {ex.Message}.", url); }
        catch (HttpRequestException ex) { return context.Error($"{url} could not be reached: {ex.Message}", url); }

        var doc = HealthDocument.Parse(body);
        var required = p.Dependencies;
        var evidence = new Dictionary<string, string>
        {
            ["statusCode"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = doc.RawStatus,
        };
        foreach (var d in doc.Dependencies) evidence["dependency." + d.Name] = d.RawStatus + (d.Detail is null ? "" : $" ({d.Detail})");

        var unhealthy = doc.Dependencies.Where(d => d.State == HealthState.Unhealthy).ToList();
        var degraded = doc.Dependencies.Where(d => d.State == HealthState.Degraded).ToList();
        var missing = required.Where(r => !doc.Dependencies.Any(d => string.Equals(d.Name, r, StringComparison.OrdinalIgnoreCase))).ToList();
        var requiredBad = required.Select(r => doc.Dependencies.FirstOrDefault(d => string.Equals(d.Name, r, StringComparison.OrdinalIgnoreCase)))
            .Where(d => d is not null && d.State != HealthState.Healthy).ToList();

        CheckResult result;
        if (unhealthy.Count > 0)
            result = context.Fail($"{url} is unhealthy: dependency {Describe(unhealthy)} (HTTP {status}).", url,
                $"Restore {unhealthy[0].Name} or fix the service's connection to it.");
        else if (status is < 200 or > 299)
            result = context.Fail($"{url} answered HTTP {status}{(doc.RawStatus.Length > 0 ? $" with status {doc.RawStatus}" : "")}; a healthy service answers 2xx.", url);
        else if (doc.State == HealthState.Unhealthy)
            result = context.Fail($"{url} answered {status} but reports status {doc.RawStatus}.", url);
        else if (doc.State == HealthState.Unknown)
            result = context.Fail($"{url} answered {status} without a recognisable health status.", url,
                "Return a status field (Healthy/UP/ok/pass) so load balancers and this check can read it.");
        else if (missing.Count > 0)
            result = context.Fail($"{url} does not report the dependenc{(missing.Count == 1 ? "y" : "ies")} {string.Join(", ", missing)}.", url,
                "Add a health check entry for each dependency the service needs.");
        else if (degraded.Count > 0 || doc.State == HealthState.Degraded || requiredBad.Count > 0)
            result = context.Warn($"{url} is degraded{(degraded.Count > 0 ? ": " + Describe(degraded) : "")}.", url);
        else
            result = context.Pass(doc.Dependencies.Count == 0
                ? $"{url} is {doc.RawStatus} (HTTP {status})."
                : $"{url} is {doc.RawStatus} with all {doc.Dependencies.Count} dependencies healthy ({string.Join(", ", doc.Dependencies.Select(d => d.Name))}).", url);
        foreach (var (k, v) in evidence) result.WithEvidence(k, v);
        return result.WithEvidence("dependencies", doc.Dependencies.Count);
    }

    private static string Describe(List<DependencyHealth> deps) =>
        string.Join(", ", deps.Select(d => $"{d.Name} is {d.RawStatus}{(d.Detail is null ? "" : $" ({d.Detail})")}"));
}

/// <summary>Exactly one of <see cref="Url"/>, <see cref="Postgres"/>, <see cref="Redis"/>.</summary>
public sealed record HealthParameters
{
    /// <summary>The health endpoint, or a saved health response file.</summary>
    [CheckParameter("url")] public string? Url { get; init; }
    /// <summary>Dependencies the health response must report.</summary>
    [CheckParameter("dependencies")] public IReadOnlyList<string> Dependencies { get; init; } = [];
    [CheckParameter("bearerTokenEnv")] public string? BearerTokenEnv { get; init; }
    /// <summary>An Npgsql connection string without a password.</summary>
    [CheckParameter("postgres")] public string? Postgres { get; init; }
    /// <summary>host:port of a Redis server.</summary>
    [CheckParameter("redis")] public string? Redis { get; init; }
    /// <summary>The variable holding the database's password.</summary>
    [CheckParameter("passwordEnv")] public string? PasswordEnv { get; init; }
    /// <summary>The replication role Redis must report (master, replica).</summary>
    [CheckParameter("role")] public string? Role { get; init; }
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
}
