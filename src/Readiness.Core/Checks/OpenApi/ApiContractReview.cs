using Readiness.Core.Running;

namespace Readiness.Core.Checks.OpenApi;

/// <summary>Test-ReadinessApiContract outside a checklist: one CheckResult per aspect of the openapi check.</summary>
public static class ApiContractReview
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(string spec, string? baseUrl, string? routes,
        IReadOnlyDictionary<string, object?> pathParameters, TimeSpan timeout, IReadinessHost host, CancellationToken cancellationToken)
    {
        var aspects = new List<(string Aspect, string Title, Severity Severity)> { ("spec", "OpenAPI spec is valid", Severity.High), ("error-codes", "Error codes documented", Severity.Medium) };
        if (baseUrl is not null) aspects.Add(("live", "Every documented path answers on the service", Severity.High));
        if (routes is not null) aspects.Add(("routes", "No routes missing from the spec", Severity.Medium));
        var runner = new ChecklistRunner();
        var environment = new RunEnvironment(Directory.GetCurrentDirectory()) { Timeout = timeout, Host = host };
        var results = new List<CheckResult>();
        foreach (var (aspect, title, severity) in aspects)
        {
            var parameters = new Dictionary<string, object?> { ["spec"] = spec, ["aspect"] = aspect, ["pathParameters"] = pathParameters.ToDictionary(kv => kv.Key, kv => kv.Value) };
            if (baseUrl is not null) parameters["baseUrl"] = baseUrl;
            if (routes is not null) parameters["routes"] = routes;
            var item = new ChecklistItem { Id = $"api.{aspect}", Section = "API Documentation", Title = title, Severity = severity, Check = new CheckSpec { Type = "openapi", Parameters = parameters } };
            host.Progress(new RunProgress("Checking the API contract", item.Id, results.Count, aspects.Count));
            results.AddRange(await runner.RunItemAsync(item, environment, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }
}
