using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using YamlDotNet.Serialization;

namespace Readiness.Core.Checks.OpenApi;

public sealed record SpecOperation(string Method, string Path, IReadOnlyList<string> ResponseCodes, IReadOnlyDictionary<string, string> PathParameterExamples);

public sealed record SpecLoad(IReadOnlyList<SpecOperation> Operations, IReadOnlyList<string> Errors, string Version);

/// <summary>Loads an OpenAPI 3.x document (JSON or YAML, file or URL) with Microsoft.OpenApi and lists its operations.</summary>
public static class OpenApiSpec
{
    public static async Task<SpecLoad> LoadAsync(string location, string baseDirectory, HttpClient http, CancellationToken cancellationToken)
    {
        string text;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            text = await http.GetStringAsync(uri, cancellationToken).ConfigureAwait(false);
        else
        {
            var path = Path.IsPathRooted(location) ? location : Path.Combine(baseDirectory, location);
            if (!File.Exists(path)) throw new FileNotFoundException($"The OpenAPI document {path} does not exist.");
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        return Parse(text);
    }

    public static SpecLoad Parse(string text)
    {
        string json;
        try { json = text.TrimStart().StartsWith('{') ? text : YamlToJson(text); }
        catch (YamlDotNet.Core.YamlException ex)
        {
            return new SpecLoad(Array.Empty<SpecOperation>(), new[] { $"line {ex.Start.Line}: invalid YAML: {ex.Message}" }, "");
        }

        ReadResult read;
        try { read = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings()); }
        // The reader throws assorted exception types for input that is not a document at all; every one of them
        // means "not an OpenAPI document" to the user.
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new SpecLoad(Array.Empty<SpecOperation>(), new[] { $"not an OpenAPI document: {ex.Message}" }, "");
        }
        var errors = (read.Diagnostic?.Errors ?? new List<OpenApiError>()).Select(e => string.IsNullOrEmpty(e.Pointer) ? e.Message : $"{e.Pointer}: {e.Message}").ToList();
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
        return JsonSerializer.Serialize(Normalize(value));
    }

    private static object? Normalize(object? value) => value switch
    {
        IDictionary<object, object> map => map.ToDictionary(kv => kv.Key.ToString()!, kv => Normalize(kv.Value)),
        IList<object> list => list.Select(Normalize).ToList(),
        _ => value,
    };
}
