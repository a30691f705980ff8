using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Readiness.Core.Reporting;

namespace Readiness.Core.Tests.Reporting;

/// <summary>docs/report-schema.json must describe exactly what ReportJson writes, so the documentation cannot drift.</summary>
public sealed class ReportSchemaTests
{
    private static readonly JsonObject Schema = Load();

    private static JsonObject Load()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ReadinessModule.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "docs", "report-schema.json")))!.AsObject();
    }

    private static JsonObject ReportProperties => Schema["properties"]!.AsObject();
    private static JsonObject ResultProperties => Schema["$defs"]!["checkResult"]!["properties"]!.AsObject();

    private static IEnumerable<string> JsonNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    [Fact]
    public void Declares_draft_2020_12()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)Schema["$schema"]);
    }

    [Fact]
    public void Every_property_of_ReadinessReport_and_CheckResult_is_in_the_schema_and_nothing_else()
    {
        Assert.Equal(JsonNames(typeof(ReadinessReport)).Order(), ReportProperties.Select(p => p.Key).Order());
        Assert.Equal(JsonNames(typeof(CheckResult)).Order(), ResultProperties.Select(p => p.Key).Order());
    }

    [Fact]
    public void Every_property_of_Waiver_is_in_the_schema_and_nothing_else()
    {
        Assert.Equal(JsonNames(typeof(Waiver)).Order(), Schema["$defs"]!["waiver"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(System.Enum.GetNames<WaiverState>(), Schema["$defs"]!["waiverState"]!["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void Every_property_of_AttestationChainHead_is_in_the_schema_and_a_recorded_head_fits_it()
    {
        var definition = Schema["$defs"]!["attestationChainHead"]!.AsObject();
        Assert.Equal(JsonNames(typeof(AttestationChainHead)).Order(), definition["properties"]!.AsObject().Select(p => p.Key).Order());
        var report = new ReadinessReport { AttestationChain = new AttestationChainHead { Path = "/x/c.evidence.jsonl", Entries = 2, LastHash = new string('a', 64) } };
        var json = JsonNode.Parse(ReportJson.Serialize(report))!.AsObject();
        Check(json["attestationChain"]!.AsObject(), definition, "attestationChain");
        Assert.Equal(2, ReportJson.Deserialize(json.ToJsonString()).AttestationChain!.Entries);
    }

    [Fact]
    public void Counts_has_one_property_per_status_named_as_the_status()
    {
        Assert.Equal(System.Enum.GetNames<CheckStatus>().Order(),
            typeof(StatusCounts).GetProperties().Where(p => p.GetIndexParameters().Length == 0).Select(p => p.Name).Order());
        Assert.Equal(System.Enum.GetNames<CheckStatus>().Order(), Schema["$defs"]!["counts"]!["properties"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Counts_read_back_from_json_as_written()
    {
        var report = await SampleReports.EveryStatusAsync();
        var json = JsonNode.Parse(ReportJson.Serialize(report))!;
        Assert.Equal(report.Count(CheckStatus.Failed), (int)json["counts"]!["Failed"]!);
        var back = ReportJson.Deserialize(json.ToJsonString());
        Assert.Equal(report.Counts.ByStatus(), back.Counts.ByStatus());
    }

    [Fact]
    public void The_enums_list_every_value()
    {
        string[] Enum(string name) => Schema["$defs"]![name]!["enum"]!.AsArray().Select(v => (string)v!).ToArray();
        Assert.Equal(System.Enum.GetNames<CheckStatus>(), Enum("status"));
        Assert.Equal(System.Enum.GetNames<Severity>(), Enum("severity"));
        Assert.Equal(System.Enum.GetNames<Decision>(), Enum("decision"));
    }

    [Fact]
    public async Task A_serialised_report_fits_the_schema()
    {
        var report = await SampleReports.EveryStatusAsync();
        report.Waivers.Add(SampleReports.Waiver());
        var json = JsonNode.Parse(ReportJson.Serialize(report))!.AsObject();
        Check(json, Schema, "$");
        foreach (var result in json["results"]!.AsArray())
            Check(result!.AsObject(), Schema["$defs"]!["checkResult"]!.AsObject(), "result");
        Check(json["waivers"]!.AsArray().Single()!.AsObject(), Schema["$defs"]!["waiver"]!.AsObject(), "waiver");
        Check(json["counts"]!.AsObject(), Schema["$defs"]!["counts"]!.AsObject(), "counts");
        Assert.Equal(JsonValueKind.Number, json["duration"]!.GetValueKind());
        Assert.Equal(report.Duration.TotalSeconds, (double)json["duration"]!, 3);
        Assert.Equal(8, json["counts"]!.AsObject().Count);
    }

    /// <summary>The parts of JSON Schema this document uses: required, additionalProperties false, types and enums by $ref.</summary>
    private static void Check(JsonObject value, JsonObject schema, string where)
    {
        var properties = schema["properties"]!.AsObject();
        foreach (var required in schema["required"]!.AsArray().Select(r => (string)r!))
            Assert.True(value.ContainsKey(required), $"{where} lacks required '{required}'");
        foreach (var (name, node) in value)
        {
            Assert.True(properties.ContainsKey(name), $"{where}.{name} is not in the schema");
            var definition = properties[name]!.AsObject();
            if (definition["$ref"] is { } reference)
                definition = Schema["$defs"]![((string)reference!).Split('/').Last()]!.AsObject();
            if (definition["enum"] is JsonArray allowed)
                Assert.Contains((string)node!, allowed.Select(a => (string)a!));
            var kind = node!.GetValueKind();
            switch ((string?)definition["type"])
            {
                case "string": Assert.Equal(JsonValueKind.String, kind); break;
                case "number":
                case "integer": Assert.Equal(JsonValueKind.Number, kind); break;
                case "object": Assert.Equal(JsonValueKind.Object, kind); break;
                case "array": Assert.Equal(JsonValueKind.Array, kind); break;
            }
        }
    }
}
