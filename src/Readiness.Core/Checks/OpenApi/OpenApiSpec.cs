using System.Text.Json;
using Readiness.Core.Probing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using YamlDotNet.Serialization;

namespace Readiness.Core.Checks.OpenApi;

public sealed record SpecOperation(string Method, string Path, IReadOnlyList<string> ResponseCodes, IReadOnlyDictionary<string, string> PathParameterExamples);

public sealed record SpecLoad(IReadOnlyList<SpecOperation> Operations, IReadOnlyList<string> Errors, string Version);

/// <summary>Loads an OpenAPI 3.x document (JSON or YAML, file or URL) with Microsoft.OpenApi and lists its operations.</summary>
public static partial class OpenApiSpec
{
    public static async Task<SpecLoad> LoadAsync(string location, string baseDirectory, HttpClient http, CancellationToken cancellationToken)
    {
        string text;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            try { text = await ResponseBody.ReadTextAsync(response, SpecLimits.MaxBytes, cancellationToken).ConfigureAwait(false); }
            catch (ResponseTooLargeException) { return Invalid(SpecLimits.SizeProblem(SpecLimits.MaxBytes + 1L)); }
        }
        else
        {
            var path = Path.IsPathRooted(location) ? location : Path.Combine(baseDirectory, location);
            if (!File.Exists(path)) throw new FileNotFoundException($"The OpenAPI document {path} does not exist.");
            var length = new FileInfo(path).Length;
            if (length > SpecLimits.MaxBytes) return Invalid(SpecLimits.SizeProblem(length));
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        return Parse(text);
    }

    private static SpecLoad Invalid(string problem) => new(Array.Empty<SpecOperation>(), new[] { problem }, "");

    public static SpecLoad Parse(string text)
    {
        if (SpecLimits.Check(text) is { } limit) return Invalid(limit);
        if (string.IsNullOrWhiteSpace(text)) return Invalid("the document is empty");
        string json;
        try { json = text.TrimStart().StartsWith('{') ? text : YamlToJson(text); }
        catch (YamlDotNet.Core.YamlException ex)
        {
            return Invalid($"line {ex.Start.Line}, column {ex.Start.Column}: invalid YAML{YamlReason(ex)}");
        }
        catch (Exception ex) when (Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            var (line, column) = Checklists.YamlNodes.LastReadablePosition(text);
            return Invalid($"line {line}, column {column}: invalid YAML: the text after this point cannot be read as YAML");
        }

        ReadResult read;
        try { read = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings()); }
        // The reader throws assorted exception types for input that is not a document at all. Their texts are about
        // the reader's internals (an index out of range, a cast), so the user gets a sentence about the input instead.
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Invalid(DescribeReaderFailure(ex));
        }
        var errors = (read.Diagnostic?.Errors ?? new List<OpenApiError>()).Select(Describe).ToList();
        var version = read.Diagnostic?.SpecificationVersion.ToString() ?? "";
        if (read.Document is null) return new SpecLoad(Array.Empty<SpecOperation>(), errors.DefaultIfEmpty("the document could not be read").ToList(), version);
        if (!version.StartsWith("OpenApi3", StringComparison.Ordinal))
            errors.Add($"the document is {version}, not OpenAPI 3.x.");

        var operations = new List<SpecOperation>();
        foreach (var (path, item) in read.Document.Paths ?? new OpenApiPaths())
        {
            if (item.Operations is null) continue;
            foreach (var (method, operation) in item.Operations)
            {
                var codes = operation.Responses?.Keys.ToList() ?? new List<string>();
                var examples = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var parameter in (item.Parameters ?? new List<IOpenApiParameter>()).Concat(operation.Parameters ?? new List<IOpenApiParameter>()))
                {
                    if (parameter.In != ParameterLocation.Path || parameter.Name is null) continue;
                    var example = parameter.Example?.ToString() ?? parameter.Examples?.Values.FirstOrDefault()?.Value?.ToString();
                    if (example is not null) examples[parameter.Name] = example.Trim('"');
                }
                operations.Add(new SpecOperation(method.Method.ToUpperInvariant(), path, codes, examples));
            }
        }
        return new SpecLoad(operations, errors, version);
    }

    private static string YamlToJson(string yaml)
    {
        var value = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        // SpecLimits already bounds the depth; the serializer's own default (64, counted differently) must not cut in first.
        return JsonSerializer.Serialize(Normalize(value), new JsonSerializerOptions { MaxDepth = SpecLimits.MaxDepth * 2 });
    }

    private static string YamlReason(YamlDotNet.Core.YamlException ex)
    {
        // "(Line: 2, Col: 1, Idx: 17) - (Line: 2, Col: 1, Idx: 17): While parsing ..." : keep only the reason.
        var reason = ex.Message;
        var cut = reason.LastIndexOf("): ", StringComparison.Ordinal);
        if (reason.StartsWith('(') && cut >= 0) reason = reason[(cut + 3)..];
        reason = reason.Trim().TrimEnd('.');
        return reason.Length == 0 ? "" : ": " + reason;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"LineNumber: (?<line>\d+) \| BytePositionInLine: (?<column>\d+)")]
    private static partial System.Text.RegularExpressions.Regex JsonPosition();

    /// <summary>A reader diagnostic as a sentence about the input: JSON syntax errors by position, not by System.Text.Json's text.</summary>
    private static string Describe(OpenApiError error)
    {
        if (JsonPosition().Match(error.Message) is { Success: true } m)
            return $"line {int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}, column {int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}: invalid JSON";
        var message = error.Message.TrimEnd('.');
        return string.IsNullOrEmpty(error.Pointer) ? message : $"{error.Pointer}: {message}";
    }

    private static string DescribeReaderFailure(Exception ex) => ex switch
    {
        JsonException { LineNumber: { } line } json => $"line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}: invalid JSON",
        JsonException => "invalid JSON",
        // The library's own exceptions describe the document ("OpenAPI specification version 'x' is not supported").
        OpenApiException when ex.Message.StartsWith("Cannot parse input stream", StringComparison.Ordinal) => "the document is not a mapping of OpenAPI fields",
        OpenApiException or OpenApiUnsupportedSpecVersionException => ex.Message.TrimEnd('.'),
        _ => "not an OpenAPI document: its top level is not a mapping with openapi, info and paths",
    };

    private static object? Normalize(object? value) => value switch
    {
        IDictionary<object, object> map => map.ToDictionary(kv => kv.Key.ToString()!, kv => Normalize(kv.Value)),
        IList<object> list => list.Select(Normalize).ToList(),
        _ => value,
    };
}
