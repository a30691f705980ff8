using System.Text.Json;
using System.Text.Json.Serialization;

namespace Readiness.Core.Reporting;

/// <summary>The one JSON shape of reports and results: camelCase, enums as strings, durations in seconds. See docs/report-schema.json.</summary>
public static class ReportJson
{
    /// <summary>Generated metadata bound to the indented options: <c>ReportJson.Indented.ReadinessReport</c>.</summary>
    public static ReportJsonContext Indented { get; } = new(Create(indented: true));
    /// <summary>Generated metadata bound to the one-line options (attestation entries).</summary>
    public static ReportJsonContext OneLine { get; } = new(Create(indented: false));

    /// <summary>The indented options; their resolver is <see cref="ReportJsonContext"/>, never reflection.</summary>
    public static JsonSerializerOptions Options => Indented.Options;
    public static JsonSerializerOptions Compact => OneLine.Options;

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // Enums are written as names by the context (UseStringEnumConverter), one generic converter per enum.
        o.Converters.Add(new SecondsConverter());
        o.Converters.Add(new StatusCountsConverter());
        return o;
    }

    public static string Serialize(ReadinessReport report) => JsonSerializer.Serialize(report, Indented.ReadinessReport);

    public static ReadinessReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Indented.ReadinessReport) ?? throw new JsonException("The report is empty.");

    public static ReadinessReport ReadFile(string path)
    {
        try { return Deserialize(File.ReadAllText(path)); }
        catch (JsonException ex) { throw new InvalidDataException($"{path}: not a Readiness JSON report ({ex.Message}).", ex); }
    }

    /// <summary>Counts keyed by the status names exactly, as pwsh's ConvertTo-Json writes them, rather than camelCased.</summary>
    internal sealed class StatusCountsConverter : JsonConverter<StatusCounts>
    {
        public override StatusCounts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("counts must be an object of status names and numbers.");
            var counts = new StatusCounts();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                if (!Enum.TryParse<CheckStatus>(name, ignoreCase: true, out var status) || int.TryParse(name, out _))
                    throw new JsonException($"counts: '{name}' is not a status.");
                counts[status] = reader.GetInt32();
            }
            return counts;
        }

        public override void Write(Utf8JsonWriter writer, StatusCounts value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (status, n) in value.ByStatus()) writer.WriteNumber(status.ToString(), n);
            writer.WriteEndObject();
        }
    }

    /// <summary>TimeSpan as fractional seconds: readable, and stable across .NET versions.</summary>
    internal sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TimeSpan.TryParse(reader.GetString(), out var ts) ? ts : TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
    }
}

public sealed class JsonReportWriter : IReportWriter
{
    public string Format => "json";
    public string Extension => ".json";
    public void Write(ReadinessReport report, TextWriter writer) => writer.Write(ReportJson.Serialize(report));
}
