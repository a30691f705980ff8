using System.Globalization;
using System.Text.Json;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Metrics;

/// <summary>
/// "Scraped by the telemetry stack": asks Prometheus (its HTTP API) whether the target's <c>up</c> series exists
/// and is 1, by job and/or instance.
/// </summary>
internal static class ScrapedBy
{
    public static async Task<CheckResult> CheckAsync(CheckContext context, MetricsParameters p, string prometheus, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var matchers = new List<string>();
        if (p.Job is { } job) matchers.Add($"job=\"{Escape(job)}\"");
        if (p.Instance is { } instance) matchers.Add($"instance=\"{Escape(instance)}\"");
        if (matchers.Count == 0) throw context.Parameters.Missing("job", "the Prometheus job (or instance) that scrapes the service, with prometheus");
        var query = $"up{{{string.Join(",", matchers)}}}";
        var url = $"{prometheus.TrimEnd('/')}/api/v1/query?query={Uri.EscapeDataString(query)}";
        string body;
        int status;
        try
        {
            using var client = Scraper.CreateClient(timeout);
            using var response = await Scraper.GetAsync(client, url, null, "application/json", timeout, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await Scraper.ReadBodyAsync(response, url, timeout, context.Environment.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex) { return context.Error($"Prometheus could not be asked: {ex.Message}.", prometheus); }
        catch (HttpRequestException ex) { return context.Error($"Prometheus at {prometheus} could not be reached: {ex.Message}", prometheus); }
        if (status is < 200 or > 299) return context.Error($"Prometheus at {prometheus} answered HTTP {status} to {query}.", prometheus);

        var values = new List<(string Instance, double Value)>();
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var series in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var name = series.GetProperty("metric").TryGetProperty("instance", out var i) ? i.GetString() ?? "" : "";
                var value = double.Parse(series.GetProperty("value")[1].GetString() ?? "0", CultureInfo.InvariantCulture);
                values.Add((name, value));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return context.Error($"Prometheus at {prometheus} returned an unexpected answer to {query}.", prometheus);
        }
        var target = $"{prometheus} {query}";
        if (values.Count == 0)
            return context.Fail($"Prometheus at {prometheus} has no scrape target matching {query}; the service is not scraped.", target,
                "Add a scrape config (or ServiceMonitor) for the service's /metrics endpoint.").WithEvidence("scrapedBy", prometheus);
        var down = values.Where(v => v.Value != 1).Select(v => v.Instance).ToList();
        if (down.Count > 0)
            return context.Fail($"Prometheus at {prometheus} fails to scrape {string.Join(", ", down)} ({query} is 0).", target,
                "Check that Prometheus can reach the /metrics endpoint (network policy, port, TLS, auth).")
                .WithEvidence("scrapedBy", prometheus).WithEvidence("targetsUp", values.Count - down.Count).WithEvidence("targetsDown", down.Count);
        return context.Pass($"Prometheus at {prometheus} scrapes {values.Count} target(s) matching {query}, all up.", target)
            .WithEvidence("scrapedBy", prometheus).WithEvidence("targetsUp", values.Count);
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
