using Readiness.Core.Probing;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.OpenApi;

/// <summary>
/// The API contract holds: the spec parses as OpenAPI 3.x, every operation documents its errors, every documented
/// path answers on the live service, and (optionally) the service has no routes the spec lacks. An item that names
/// an aspect decides that one; "all" decides them together (the worst); an item that names none gets one result per
/// aspect (live with a baseUrl, routes with routes).
/// </summary>
public sealed partial class OpenApiCheck : Check<OpenApiParameters>
{
    public static readonly string[] Aspects = { "spec", "error-codes", "live", "routes" };

    /// <summary>Each aspect's own title and severity, for results of an item that names no aspect.</summary>
    private static readonly Dictionary<string, (string Title, Severity Severity)> AspectDefaults = new()
    {
        ["spec"] = ("OpenAPI document is valid", Severity.High),
        ["error-codes"] = ("Operations document their error responses", Severity.Medium),
        ["live"] = ("Documented operations answer on the service", Severity.High),
        ["routes"] = ("Every route the service serves is documented", Severity.Medium),
    };

    public override string Type => "openapi";

    /// <summary>How long one request may take: the <c>timeout</c> parameter, at most the item's timeout.</summary>
    private static TimeSpan RequestTimeout(CheckContext context, OpenApiParameters p) =>
        p.Timeout is { } t && t < context.Timeout ? t : context.Timeout;

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, OpenApiParameters p, CancellationToken cancellationToken)
    {
        var specLocation = p.Spec;
        var aspect = p.Aspect;
        using var http = HttpClientFactory.Create(new HttpClientOptions
        {
            UseProxy = true, FollowRedirects = false, ConnectTimeout = RequestTimeout(context, p), RequestTimeout = RequestTimeout(context, p),
        });
        var spec = await OpenApiSpec.LoadAsync(specLocation, context.BaseDirectoryOf(specLocation), http, cancellationToken).ConfigureAwait(false);

        if (aspect is null)
        {
            var each = new List<CheckResult>();
            foreach (var a in Aspects.Where(a => a is "spec" or "error-codes" || a == "live" && p.BaseUrl is not null || a == "routes" && p.Routes is not null))
            {
                var (title, severity) = AspectDefaults[a];
                var aspectContext = context.ForAspect(a, title, severity);
                var result = a is not "spec" && spec.Errors.Count > 0
                    ? aspectContext.Result(CheckStatus.Skipped, $"Not checked: {specLocation} is not a valid OpenAPI document.", specLocation)
                    : await JudgeAsync(aspectContext, p, a, spec, specLocation, http, cancellationToken).ConfigureAwait(false);
                each.Add(result.WithEvidence("operations", spec.Operations.Count).WithEvidence("specVersion", spec.Version));
            }
            return each;
        }

        var results = new List<CheckResult>();
        foreach (var a in aspect == "all" ? Aspects.Where(a => a != "routes" || p.Routes is not null) : new[] { aspect })
        {
            if (a is not "spec" && spec.Errors.Count > 0) break;
            results.Add(await JudgeAsync(context, p, a, spec, specLocation, http, cancellationToken).ConfigureAwait(false));
        }
        var worst = results.Worst();
        if (results.Count > 1 && worst.Status == CheckStatus.Passed)
            worst.Message = $"{specLocation}: {spec.Operations.Count} operations, valid OpenAPI, errors documented{(results.Count > 2 ? ", every path answers on the live service" : "")}{(results.Count > 3 ? ", no undocumented routes" : "")}.";
        return [worst.WithEvidence("operations", spec.Operations.Count).WithEvidence("specVersion", spec.Version)];
    }

    private static Task<CheckResult> JudgeAsync(CheckContext context, OpenApiParameters p, string aspect, SpecLoad spec, string specLocation, HttpClient http, CancellationToken cancellationToken) => aspect switch
    {
        "spec" => Task.FromResult(JudgeSpec(context, spec, specLocation)),
        "error-codes" => Task.FromResult(JudgeErrorCodes(context, spec, specLocation)),
        "live" => JudgeLiveAsync(context, p, spec, http, cancellationToken),
        _ => JudgeRoutesAsync(context, p, spec, http, cancellationToken),
    };

    private static CheckResult JudgeSpec(CheckContext context, SpecLoad spec, string target) => spec.Errors.Count == 0
        ? context.Pass($"{target} is a valid {spec.Version} document with {spec.Operations.Count} operations.", target)
        : context.Fail($"{target} is not a valid OpenAPI 3.x document: {string.Join("; ", spec.Errors.Take(3))}{(spec.Errors.Count > 3 ? $" and {spec.Errors.Count - 3} more" : "")}.", target,
            "Fix the spec (e.g. validate it in the CI contract step) and regenerate the clients.").WithEvidence("errors", spec.Errors.Count);

    private static CheckResult JudgeErrorCodes(CheckContext context, SpecLoad spec, string target)
    {
        var undocumented = spec.Operations.Where(o => !(o.ResponseCodes.Contains("default")
                || o.ResponseCodes.Any(c => c.StartsWith('4')) && o.ResponseCodes.Any(c => c.StartsWith('5'))))
            .Select(o => $"{o.Method} {o.Path}").ToList();
        return undocumented.Count == 0
            ? context.Pass($"Every one of {spec.Operations.Count} operations documents 4xx and 5xx (or default) responses.", target)
            : context.Fail($"{undocumented.Count} operations document no 4xx/5xx or default response: {List(undocumented)}.", target,
                "Document the error responses (status and body schema) of each operation.").WithEvidence("undocumented", undocumented.Count);
    }

    private static async Task<CheckResult> JudgeLiveAsync(CheckContext context, OpenApiParameters p, SpecLoad spec, HttpClient http, CancellationToken cancellationToken)
    {
        var baseUrl = (p.BaseUrl ?? throw context.Parameters.Missing("baseUrl", "a string")).TrimEnd('/');
        var methods = p.Methods.Select(m => m.ToUpperInvariant()).DefaultIfEmpty("GET").Concat(new[] { "HEAD", "OPTIONS" }).ToHashSet();
        var mapping = p.PathParameters;
        var missing = new List<string>();
        var probed = 0;
        foreach (var op in spec.Operations.Where(o => methods.Contains(o.Method)))
        {
            var path = PathParameter().Replace(op.Path, m =>
            {
                var name = m.Groups[1].Value;
                var value = mapping.TryGetValue(name, out var v) && v is not null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)
                    : op.PathParameterExamples.GetValueOrDefault(name) ?? "1";
                return Uri.EscapeDataString(value!);
            });
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), baseUrl + path);
            foreach (var (name, value) in p.Headers) request.Headers.TryAddWithoutValidation(name, Convert.ToString(value));
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false); }
            catch (HttpRequestException ex) { return context.Error($"{baseUrl} could not be reached: {ex.Message}", baseUrl); }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { return context.Error($"{baseUrl}{path} did not answer within {RequestTimeout(context, p).TotalSeconds:0} s.", baseUrl); }
            using (response)
            {
                probed++;
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                    missing.Add($"{op.Method} {op.Path} ({(int)response.StatusCode})");
            }
        }
        var skipped = spec.Operations.Count - probed;
        var result = missing.Count == 0
            ? context.Pass($"All {probed} documented operations answer on {baseUrl}{(skipped > 0 ? $" ({skipped} unsafe operations not probed)" : "")}.", baseUrl)
            : context.Fail($"{missing.Count} documented operations are missing on {baseUrl}: {List(missing)}.", baseUrl,
                "Deploy the routes the spec documents, or remove them from the spec so clients do not call them.");
        return result.WithEvidence("probed", probed).WithEvidence("missing", missing.Count).WithEvidence("notProbed", skipped);
    }

    private static async Task<CheckResult> JudgeRoutesAsync(CheckContext context, OpenApiParameters p, SpecLoad spec, HttpClient http, CancellationToken cancellationToken)
    {
        var location = p.Routes ?? throw context.Parameters.Missing("routes", "a string");
        var isUrl = Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        var text = isUrl ? await http.GetStringAsync(location, cancellationToken).ConfigureAwait(false)
            : await File.ReadAllTextAsync(context.ResolvePath(location), cancellationToken).ConfigureAwait(false);
        // A routes dump is a JSON array ("GET /path" strings or {method, path}); anything else is a second spec.
        IEnumerable<string> actual = text.TrimStart().StartsWith('[')
            ? RoutesList(text)
            : OpenApiSpec.Parse(text).Operations.Select(o => $"{o.Method} {o.Path}");
        var documented = spec.Operations.Select(o => Key(o.Method, o.Path)).ToHashSet();
        var extra = actual.Select(r => r.Trim()).Where(r =>
        {
            var space = r.IndexOf(' ');
            return space > 0 && !documented.Contains(Key(r[..space], r[(space + 1)..]));
        }).ToList();
        return extra.Count == 0
            ? context.Pass($"Every route the service reports is in the spec.", location)
            : context.Fail($"{extra.Count} routes the service serves are not in the spec: {List(extra)}.", location, "Document these routes or remove them.")
                .WithEvidence("undocumentedRoutes", extra.Count);
    }

    private static List<string> RoutesList(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()!
            : $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()}").ToList();
    }

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + PathParameter().Replace(path.TrimEnd('/'), "{}");

    private static string List(IReadOnlyList<string> items) => items.Count <= 5 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(5))} and {items.Count - 5} more";

    [GeneratedRegex(@"\{([^}/]+)\}")]
    private static partial Regex PathParameter();
}

public sealed record OpenApiParameters
{
    /// <summary>The OpenAPI document: a file or an http(s) URL.</summary>
    [CheckParameter("spec", Required = true)] public string Spec { get; init; } = "";
    /// <summary>The live service the documented paths are probed on (aspect live).</summary>
    [CheckParameter("baseUrl")] public string? BaseUrl { get; init; }
    // Unset: one result per aspect; all: the worst of them.
    [CheckParameter("aspect", Allowed = ["spec", "error-codes", "live", "routes", "all"], MustBe = "one of spec, error-codes, live, routes, or all")]
    public string? Aspect { get; init; }
    /// <summary>Values for path parameters by name; else the spec's example, else 1.</summary>
    [CheckParameter("pathParameters")] public IReadOnlyDictionary<string, object?> PathParameters { get; init; } = new Dictionary<string, object?>();
    /// <summary>Methods probed besides HEAD and OPTIONS; GET when none is given.</summary>
    [CheckParameter("methods")] public IReadOnlyList<string> Methods { get; init; } = [];
    /// <summary>The service's routes: a JSON list or a second spec, as a file or URL (aspect routes).</summary>
    [CheckParameter("routes")] public string? Routes { get; init; }
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    /// <summary>Per request; at most the item's timeout.</summary>
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
}
