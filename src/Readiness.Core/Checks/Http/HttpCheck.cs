using Readiness.Core.Probing;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Http;

/// <summary>
/// One HTTP request and what its response must look like: status, headers, body text, JSON values and latency.
/// Every expectation that does not hold is named in the message; a target that does not answer is Error.
/// </summary>
public sealed class HttpCheck : SingleResultCheck<HttpParameters>
{
    private const int ExcerptLength = 300;

    /// <summary>Request headers whose values are credentials: registered as secrets before anything is reported.</summary>
    private static readonly string[] CredentialHeaders = { "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token" };

    public override string Type => "http";

    public override async Task<CheckResult> DecideAsync(CheckContext context, HttpParameters p, CancellationToken cancellationToken)
    {
        var uri = p.Url;
        if (!string.IsNullOrEmpty(uri.UserInfo)) context.Secrets.Add(Uri.UnescapeDataString(uri.UserInfo.Split(':').Last()));
        var target = Display(uri);
        var method = new HttpMethod(p.Method.ToUpperInvariant());
        var timeout = context.ProbeTimeout(p.Timeout);
        if (timeout > context.Timeout) timeout = context.Timeout - TimeSpan.FromMilliseconds(Math.Min(500, context.Timeout.TotalMilliseconds / 10));
        var expectations = Expectations.Read(context.Parameters, p);

        using var request = new HttpRequestMessage(method, uri);
        // The body first, so content headers (Content-Type, ...) given under `headers` land on it.
        request.Content = p.Body is { } body ? new StringContent(body, Encoding.UTF8, p.ContentType) : null;
        var secretHeaders = new HashSet<string>(CredentialHeaders.Concat(p.SecretHeaders), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, raw) in p.Headers)
        {
            var value = Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "";
            if (secretHeaders.Contains(name))
            {
                context.Secrets.Add(value);
                // "Bearer <token>": the token alone is the secret too.
                if (value.IndexOf(' ') is var space and > 0) context.Secrets.Add(value[(space + 1)..]);
            }
            if (request.Headers.TryAddWithoutValidation(name, value)) continue;
            if (request.Content is null) throw context.Parameters.Invalid("headers", $"request headers; {name} is a content header and needs a body");
            request.Content.Headers.Remove(name);
            request.Content.Headers.TryAddWithoutValidation(name, value);
        }

        using var client = HttpClientFactory.Create(new HttpClientOptions
        {
            UseProxy = true, FollowRedirects = p.FollowRedirects, ConnectTimeout = timeout,
        });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        string text;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            text = await ResponseBody.ReadTextAsync(response, context.Environment.MaxResponseBytes, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return context.Error($"{method} {target} did not answer within {timeout.TotalSeconds:0.#} s.", target)
                .WithEvidence("timeoutSeconds", Math.Round(timeout.TotalSeconds, 1))
                .WithRemediation("Check that the service is up and not stuck; the port accepted the connection or the request but sent no response.");
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException se ? se.SocketErrorCode.ToString() : ex.HttpRequestError.ToString();
            return context.Error($"{method} {target} could not be reached: {ex.Message}", target)
                .WithEvidence("error", reason);
        }
        var latency = clock.Elapsed;

        using (response)
        {
            var status = (int)response.StatusCode;
            var result = context.Pass("", target)
                .WithEvidence("status", status)
                .WithEvidence("latencyMs", (long)latency.TotalMilliseconds);
            if (response.Content.Headers.ContentType?.MediaType is { } mediaType) result.WithEvidence("contentType", mediaType);

            var problems = expectations.Judge(response, text, latency, result);
            if (problems.Count == 0)
            {
                result.Message = $"{method} {target} returned {status} in {latency.TotalMilliseconds:0} ms as expected.";
                return result;
            }
            var failed = context.Fail($"{method} {target}: {string.Join("; ", problems)}.", target);
            foreach (var (k, v) in result.Evidence) failed.Evidence[k] = v;
            if (text.Length > 0) failed.WithEvidence("bodyExcerpt", Excerpt(text));
            return failed;
        }
    }

    /// <summary>The URL without user info, which may hold a password.</summary>
    private static string Display(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.ToString() : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();

    private static string Excerpt(string text)
    {
        var flat = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength] + "…";
    }

    /// <summary>What the response must satisfy, read once from the parameters so bad values fail before any request.</summary>
    private sealed class Expectations
    {
        private readonly List<string> _statuses = new();
        private IReadOnlyList<string> _headerPresent = Array.Empty<string>();
        private readonly List<(string Name, string Value)> _headerEquals = new();
        private IReadOnlyList<string> _bodyContains = Array.Empty<string>();
        private IReadOnlyList<string> _bodyNotContains = Array.Empty<string>();
        private readonly List<(string Path, string Expected)> _json = new();
        private long? _maxLatencyMs;

        public static Expectations Read(CheckParameters values, HttpParameters p)
        {
            var e = new Expectations();
            foreach (var s in p.Status)
            {
                var code = s.Trim();
                var valid = (code.Length == 3 && code.All(char.IsDigit))
                            || (code.Length == 3 && char.IsDigit(code[0]) && code[1..].Equals("xx", StringComparison.OrdinalIgnoreCase));
                if (!valid) throw values.Invalid("status", "a status code such as 200, a class such as 2xx, or a list of them");
                e._statuses.Add(code.ToLowerInvariant());
            }
            if (e._statuses.Count == 0) e._statuses.Add("2xx");
            e._headerPresent = p.HeaderPresent;
            foreach (var (k, v) in p.HeaderEquals) e._headerEquals.Add((k, Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""));
            e._bodyContains = p.BodyContains;
            e._bodyNotContains = p.BodyNotContains;
            if (p.JsonPath is { } single)
                e._json.Add((single, p.JsonEquals ?? throw values.Missing("jsonEquals", "the value expected at jsonPath")));
            foreach (var (k, v) in p.Json)
                e._json.Add((k, v switch { bool b => b ? "true" : "false", null => "null", _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" }));
            foreach (var (path, _) in e._json)
            {
                try { JsonPath.Parse(path); }
                catch (FormatException ex) { throw values.Invalid("jsonPath", $"a valid path ({ex.Message})"); }
            }
            e._maxLatencyMs = p.MaxLatencyMs;
            return e;
        }

        public List<string> Judge(HttpResponseMessage response, string body, TimeSpan latency, CheckResult evidence)
        {
            var problems = new List<string>();
            var status = (int)response.StatusCode;
            var statusText = status.ToString(CultureInfo.InvariantCulture);
            if (!_statuses.Any(s => s == statusText || (s.EndsWith("xx", StringComparison.Ordinal) && s[0] == statusText[0])))
                problems.Add($"returned {status}, expected {string.Join(" or ", _statuses)}");

            string? Header(string name) =>
                response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(", ", v) : null;

            foreach (var name in _headerPresent)
                if (Header(name) is null) problems.Add($"header {name} is missing");
            foreach (var (name, expected) in _headerEquals)
            {
                var actual = Header(name);
                if (actual is null) problems.Add($"header {name} is missing, expected '{expected}'");
                else if (!string.Equals(actual.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase))
                    problems.Add($"header {name} is '{actual}', expected '{expected}'");
                else evidence.WithEvidence($"header.{name}", actual);
            }
            foreach (var part in _bodyContains)
                if (!body.Contains(part, StringComparison.Ordinal)) problems.Add($"body does not contain '{part}'");
            foreach (var part in _bodyNotContains)
                if (body.Contains(part, StringComparison.Ordinal)) problems.Add($"body contains '{part}'");

            if (_json.Count > 0)
            {
                JsonDocument? doc = null;
                try { doc = JsonDocument.Parse(body); }
                catch (JsonException) { problems.Add("body is not JSON, so its JSON values cannot be checked"); }
                if (doc is not null)
                    using (doc)
                        foreach (var (path, expected) in _json)
                        {
                            if (!JsonPath.TryEvaluate(doc.RootElement, path, out var value)) problems.Add($"JSON {path} is absent, expected '{expected}'");
                            else if (JsonPath.Show(value) is var actual && !string.Equals(actual, expected, StringComparison.Ordinal))
                                problems.Add($"JSON {path} is '{Short(actual)}', expected '{expected}'");
                            else evidence.WithEvidence($"json.{path}", expected);
                        }
            }

            if (_maxLatencyMs is { } max && latency.TotalMilliseconds > max)
                problems.Add($"took {latency.TotalMilliseconds:0} ms, over the {max} ms limit");
            return problems;
        }

        private static string Short(string s) => s.Length <= 80 ? s : s[..80] + "…";
    }
}

public sealed record HttpParameters
{
    [CheckParameter("url", Required = true)] public Uri Url { get; init; } = null!;
    [CheckParameter("method")] public string Method { get; init; } = "GET";
    /// <summary>Request headers; a content header (Content-Type, ...) needs a body.</summary>
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    [CheckParameter("body")] public string? Body { get; init; }
    [CheckParameter("contentType")] public string ContentType { get; init; } = "application/json";
    /// <summary>Status codes (200) or classes (2xx) accepted; 2xx when not given.</summary>
    [CheckParameter("status")] public IReadOnlyList<string> Status { get; init; } = [];
    [CheckParameter("headerPresent")] public IReadOnlyList<string> HeaderPresent { get; init; } = [];
    [CheckParameter("headerEquals")] public IReadOnlyDictionary<string, object?> HeaderEquals { get; init; } = new Dictionary<string, object?>();
    [CheckParameter("bodyContains")] public IReadOnlyList<string> BodyContains { get; init; } = [];
    [CheckParameter("bodyNotContains")] public IReadOnlyList<string> BodyNotContains { get; init; } = [];
    /// <summary>One JSON value to compare, with <see cref="JsonEquals"/>; <see cref="Json"/> gives several.</summary>
    [CheckParameter("jsonPath")] public string? JsonPath { get; init; }
    [CheckParameter("jsonEquals")] public string? JsonEquals { get; init; }
    [CheckParameter("json")] public IReadOnlyDictionary<string, object?> Json { get; init; } = new Dictionary<string, object?>();
    [CheckParameter("maxLatencyMs")] public long? MaxLatencyMs { get; init; }
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
    [CheckParameter("followRedirects")] public bool FollowRedirects { get; init; }
    /// <summary>Request headers, besides the usual credential headers, whose values are redacted.</summary>
    [CheckParameter("secretHeaders")] public IReadOnlyList<string> SecretHeaders { get; init; } = [];
}
