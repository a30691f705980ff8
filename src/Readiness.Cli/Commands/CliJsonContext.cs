using System.Text.Json.Serialization;

namespace Readiness.Cli.Commands;

/// <summary>
/// Compile-time JSON metadata for what commands print with System.Text.Json's defaults (names as declared, default
/// escaping), indented, enums as names: `readiness load --format json` and `readiness webhook-sign --json`. Their
/// shape predates the report contract (ReportJson), so it keeps its own options.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LoadJson))]
[JsonSerializable(typeof(WebhookSignature))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>What `readiness load --format json` prints: the measured summary and the judged result.</summary>
internal sealed class LoadJson
{
    [JsonPropertyName("summary")] public required LoadTestResult Summary { get; init; }
    [JsonPropertyName("result")] public required CheckResult Result { get; init; }
}
