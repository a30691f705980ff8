using System.Text.Json.Serialization;
using Readiness.Core.Runbooks;

namespace Readiness.Core.Reporting;

/// <summary>
/// Compile-time JSON metadata for every type written or read in the report contract (<see cref="ReportJson"/>), so
/// the CLI serializes without reflection (Native AOT, trimming). A type serialized with ReportJson's options and
/// missing here fails with "JsonTypeInfo metadata for type '...' was not provided", naming it.
/// </summary>
/// <remarks>
/// The attribute carries what the generated metadata needs at compile time (camelCase, null omitted, a generic string
/// converter per enum); the options ReportJson binds add what an attribute cannot say (relaxed escaping, indentation)
/// and the Seconds and StatusCounts converters, which the metadata looks up at run time.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReadinessReport))]
[JsonSerializable(typeof(ReportComparison))]
[JsonSerializable(typeof(Attestation))]
[JsonSerializable(typeof(AttestationChainHead))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(RunbookState))]
[JsonSerializable(typeof(RunbookTimeline.TimelineJson))]
public sealed partial class ReportJsonContext : JsonSerializerContext;

/// <summary>
/// System.Text.Json's defaults (names as declared, default escaping, compact), for text that feeds a hash or a key
/// and so must never change: an attestation's hashed fields and a load test's sharing key of parameter values.
/// </summary>
/// <remarks>
/// Parameter values are <c>object</c>: what the checklist reader (<c>YamlNodes.ToValue</c>), the CLI and the cmdlets
/// put there. Serializing an <c>object</c> looks its runtime type up here, so every such type is listed.
/// </remarks>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(SortedDictionary<string, object?>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class CanonicalJsonContext : JsonSerializerContext;
