using System.Globalization;
using Readiness.Core.Running;
using Readiness.Core.Probing;

namespace Readiness.Core.Checks.Metrics;

/// <summary>
/// A /metrics endpoint (or a saved scrape) answers, parses as Prometheus text or OpenMetrics, and exposes the
/// families the checklist requires. Malformed exposition text fails naming the line.
/// </summary>
public sealed class MetricsCheck : SingleResultCheck<MetricsParameters>
{
    public const string Accept = "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    public override string Type => "metrics";

    public override async Task<CheckResult> DecideAsync(CheckContext context, MetricsParameters p, CancellationToken cancellationToken)
    {
        var requirements = ReadRequirements(context.Parameters, p.Require);
        var timeout = context.ProbeTimeout(p.Timeout);
        var format = p.Format switch
        {
            "text" or "prometheus" => MetricsFormat.PrometheusText,
            "openmetrics" => MetricsFormat.OpenMetrics,
            _ => MetricsFormat.Auto,
        };

        if (p.Prometheus is { } prometheus && p.Url is null && p.File is null)
            return await ScrapedBy.CheckAsync(context, p, prometheus, timeout, cancellationToken).ConfigureAwait(false);

        Dictionary<string, MetricFamily> families;
        string target;
        var evidence = new Dictionary<string, object?>();
        string? file = null;
        // A url that is not http(s) is a saved scrape, so one checklist variable can point at either.
        var urlText = p.Url;
        var fileText = p.File ?? (urlText is not null && !IsHttp(urlText) ? urlText : null);
        if (fileText is not null) urlText = null;
        try
        {
            if (urlText is { } url)
            {
                target = url;
                string? token = null;
                if (p.BearerTokenEnv is { } tokenEnv)
                {
                    token = context.Environment.GetEnvironmentVariable(tokenEnv);
                    if (string.IsNullOrEmpty(token)) return context.Error($"{tokenEnv} is not set, so {url} cannot be scraped with a bearer token.", url);
                    context.Secrets.Add(token);
                }
                using var client = Scraper.CreateClient(timeout);
                using var response = await Scraper.GetAsync(client, url, token, Accept, timeout, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var contentType = response.Content.Headers.ContentType?.ToString() ?? "";
                evidence["statusCode"] = status;
                evidence["contentType"] = contentType;
                if (status is < 200 or > 299)
                    return With(context.Fail($"{url} answered HTTP {status} instead of metrics.", url,
                        status is 401 or 403 ? "Give the scraper credentials (bearerTokenEnv) or allow it to read /metrics." : null), evidence);
                if (format == MetricsFormat.Auto && contentType.StartsWith("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
                    format = MetricsFormat.OpenMetrics;
                families = await ParseStreamAsync(response, url, format, timeout, context.Environment.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                file = context.ResolvePath(fileText ?? throw context.Parameters.Missing("url", "the URL of the /metrics endpoint, or file"));
                target = file;
                if (!File.Exists(file)) return context.Error($"The metrics file {file} does not exist.", file);
                using var stream = File.OpenRead(file);
                families = MetricsParser.ParseAll(stream, format);
            }
        }
        catch (MetricsParseException ex)
        {
            return context.Fail($"The metrics from {urlText ?? file} are malformed at {ex.Message}.", urlText ?? file,
                "Fix the exposition code so the output follows the Prometheus text format or OpenMetrics.").At(file, ex.Line)
                .WithEvidence("line", ex.Line);
        }
        catch (ResponseTooLargeException ex)
        {
            return context.Fail($"The metrics from {urlText}: {ex.Message}", urlText,
                "Expose fewer series (drop unused labels and families), or raise settings.maxResponseMB if this size is intended.");
        }
        catch (TimeoutException ex)
        {
            return context.Error($"The metrics could not be scraped: {ex.Message}.", p.Url);
        }
        catch (HttpRequestException ex)
        {
            return context.Error($"{p.Url} could not be reached: {ex.Message}", p.Url);
        }

        evidence["format"] = format == MetricsFormat.OpenMetrics ? "openmetrics" : "text";
        evidence["families"] = families.Count;
        evidence["samples"] = families.Values.Sum(f => f.Samples.Count);

        var missing = new List<string>();
        var found = new List<string>();
        foreach (var requirement in requirements)
        {
            var problem = requirement.Problem(families, out var matched);
            if (problem is null) found.Add(matched!.Name);
            else missing.Add(problem);
        }
        evidence["required"] = requirements.Count;
        if (found.Count > 0) evidence["matched"] = string.Join(", ", found);
        if (missing.Count > 0)
        {
            var message = missing.Count == 1
                ? $"{missing[0]} in {target}."
                : $"{missing.Count} of {requirements.Count} required metrics are missing or wrong in {target}: {string.Join("; ", missing)}.";
            return With(context.Fail(message, target, "Instrument the service so it exposes the required metric families."), evidence)
                .WithEvidence("missing", string.Join("; ", missing));
        }
        if (p.Prometheus is { } scraper)
        {
            var scraped = await ScrapedBy.CheckAsync(context, p, scraper, timeout, cancellationToken).ConfigureAwait(false);
            if (scraped.Status != CheckStatus.Passed) return With(scraped, evidence);
            foreach (var (k, v) in scraped.Evidence) evidence[k] = v;
        }
        var summary = requirements.Count == 0
            ? $"{target} exposes {families.Count} metric families that parse cleanly."
            : $"{target} exposes all {requirements.Count} required metric families ({families.Count} in total).";
        return With(context.Pass(summary, target), evidence);
    }

    /// <summary>Parses while the body streams in; a stall past the deadline aborts the read.</summary>
    private static async Task<Dictionary<string, MetricFamily>> ParseStreamAsync(HttpResponseMessage response, string url, MetricsFormat format,
        TimeSpan timeout, long limitBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var stream = await ResponseBody.OpenAsync(response, limitBytes, deadline.Token).ConfigureAwait(false);
        using var abort = deadline.Token.Register(() => stream.Dispose());
        try
        {
            return await Task.Run(() => MetricsParser.ParseAll(stream, format), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException && deadline.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{url} did not finish sending metrics within {timeout.TotalSeconds:0.#} s");
        }
    }

    internal static bool IsHttp(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The required families from <paramref name="require"/> (a name, or a list of names and maps); <paramref name="p"/> words the error for a bad entry.</summary>
    internal static List<MetricRequirement> ReadRequirements(CheckParameters p, object? require)
    {
        var list = new List<MetricRequirement>();
        if (require is not IEnumerable<object?> items || require is string)
        {
            if (require is string single) list.Add(new MetricRequirement { Name = single });
            else if (require is not null) throw p.Invalid("require", "a list of metric names or maps with name/pattern, type, labels, nonZero");
            return list;
        }
        var index = 0;
        foreach (var item in items)
        {
            var at = $"require[{index++}]";
            switch (item)
            {
                case string name:
                    list.Add(new MetricRequirement { Name = name });
                    break;
                case IDictionary<string, object?> map:
                    string? Get(string key) => map.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
                    var unknown = map.Keys.Except(new[] { "name", "pattern", "type", "labels", "nonZero", "description" }).ToList();
                    if (unknown.Count > 0) throw p.Invalid($"{at}.{unknown[0]}", "one of name, pattern, type, labels, nonZero, description");
                    if (Get("name") is null && Get("pattern") is null) throw p.Invalid(at, "a map with name or pattern");
                    MetricType? type = null;
                    if (Get("type") is { } t)
                    {
                        try { type = MetricRequirement.ParseType(t); }
                        catch (ArgumentException) { throw p.Invalid($"{at}.type", "counter, gauge, histogram, summary, untyped, info, stateset or gaugehistogram"); }
                    }
                    if (Get("pattern") is { } pattern)
                    {
                        try { _ = new System.Text.RegularExpressions.Regex(pattern); }
                        catch (ArgumentException) { throw p.Invalid($"{at}.pattern", "a valid regular expression"); }
                    }
                    var labels = map.TryGetValue("labels", out var l) && l is IDictionary<string, object?> lm
                        ? lm.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "*")
                        : new Dictionary<string, string>();
                    var nonZero = map.TryGetValue("nonZero", out var nz) && (nz is true || nz is string s && s.Equals("true", StringComparison.OrdinalIgnoreCase));
                    list.Add(new MetricRequirement
                    {
                        Name = Get("name"), Pattern = Get("pattern"), Type = type, Labels = labels, NonZero = nonZero, Description = Get("description"),
                    });
                    break;
                default:
                    throw p.Invalid(at, "a metric name or a map");
            }
        }
        return list;
    }

    private static CheckResult With(CheckResult result, Dictionary<string, object?> evidence)
    {
        foreach (var (k, v) in evidence) result.WithEvidence(k, v);
        return result;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

public sealed record MetricsParameters
{
    /// <summary>The /metrics endpoint; a value that is not http(s) is read as a saved scrape, like <see cref="File"/>.</summary>
    [CheckParameter("url")] public string? Url { get; init; }
    [CheckParameter("file")] public string? File { get; init; }
    // prometheus is the text format's other name.
    [CheckParameter("format", Allowed = ["auto", "text", "prometheus", "openmetrics"], MustBe = "one of auto, text, openmetrics")]
    public string Format { get; init; } = "auto";
    /// <summary>The environment variable holding the scraper's bearer token.</summary>
    [CheckParameter("bearerTokenEnv")] public string? BearerTokenEnv { get; init; }
    /// <summary>A family name, or a list of names and maps (name/pattern, type, labels, nonZero, description), validated by the check.</summary>
    [CheckParameter("require")] public object? Require { get; init; }
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
    /// <summary>The Prometheus server that must be scraping the service (by job and/or instance).</summary>
    [CheckParameter("prometheus")] public string? Prometheus { get; init; }
    [CheckParameter("job")] public string? Job { get; init; }
    [CheckParameter("instance")] public string? Instance { get; init; }
}
