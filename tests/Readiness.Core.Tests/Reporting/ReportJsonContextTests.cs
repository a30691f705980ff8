using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Readiness.Core.Checklists;
using Readiness.Core.Checks.Load;
using Readiness.Core.Evidence;
using Readiness.Core.Reporting;
using Readiness.Core.Runbooks;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;
using Readiness.Sample;

namespace Readiness.Core.Tests.Reporting;

/// <summary>
/// Every JSON the engine writes goes through generated metadata (ReportJsonContext, CanonicalJsonContext) and no
/// reflection, as a Native AOT build must, and is byte for byte what the reflection serializer wrote before. The
/// "legacy" options below are the options ReportJson built before source generation, with the reflection resolver.
/// A type that reaches the serializer but is not in a context fails here with "JsonTypeInfo metadata for type
/// 'X' was not provided", naming it.
/// </summary>
public sealed class ReportJsonContextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("readiness-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonSerializerOptions Legacy(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        o.Converters.Add(new JsonStringEnumConverter());
        o.Converters.Add(new ReportJson.SecondsConverter());
        o.Converters.Add(new ReportJson.StatusCountsConverter());
        return o;
    }

    /// <summary>System.Text.Json's defaults through reflection: what a call without options used.</summary>
    private static readonly JsonSerializerOptions ReflectionDefaults = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void The_report_options_resolve_through_the_generated_context_only()
    {
        Assert.IsType<ReportJsonContext>(ReportJson.Options.TypeInfoResolver);
        Assert.IsType<ReportJsonContext>(ReportJson.Compact.TypeInfoResolver);
        Assert.IsType<CanonicalJsonContext>(CanonicalJsonContext.Default.Options.TypeInfoResolver);
        // No reflection fallback: a type outside the context is refused, by name.
        var ex = Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Uri("http://127.0.0.1/"), ReportJson.Options));
        Assert.Contains("System.Uri", ex.Message);
    }

    [Fact]
    public async Task Demo_reports_with_every_report_field_are_written_as_reflection_wrote_them()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ReadinessModule.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var checklist = Path.Combine(root, SampleDemo.DefaultChecklist);
        var flawed = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = checklist, Options = { Clock = FixedClock.SampleDay } }, NullHost.Instance, CancellationToken.None);
        var ready = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = checklist, Ready = true, Options = { Clock = FixedClock.SampleDay } }, NullHost.Instance, CancellationToken.None);
        // What the shipped checks write in a demo run; the report fields the demo leaves empty are set in the third report.
        Assert.Contains(flawed.Results, r => r.Evidence.Count > 0);
        Assert.Contains(flawed.Results, r => r.Remediation is not null);

        foreach (var report in new[] { flawed, ready, await EveryFieldAsync() })
        {
            var json = ReportJson.Serialize(report);
            Assert.Equal(JsonSerializer.Serialize(report, Legacy(indented: true)), json);
            Assert.Equal(JsonSerializer.Serialize(report, Legacy(indented: false)), JsonSerializer.Serialize(report, ReportJson.OneLine.ReadinessReport));
            // Read back through the context, written again by reflection: nothing is lost or changed.
            Assert.Equal(json, JsonSerializer.Serialize(ReportJson.Deserialize(json), Legacy(indented: true)));
        }
    }

    /// <summary>Every field of the report set, with text the relaxed encoder keeps (non-ASCII, HTML) and text it escapes.</summary>
    private static async Task<ReadinessReport> EveryFieldAsync()
    {
        var report = await SampleReports.EveryStatusAsync();
        report.AsOf = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.FromHours(2));
        report.ChecklistPath = "/repo/checklists/café.yaml";
        report.Duration = TimeSpan.FromMilliseconds(1234.5678);
        report.AttestationChain = new AttestationChainHead { Path = "/repo/checklists/sample.evidence.jsonl", Entries = 2, LastHash = new string('a', 64) };
        report.Waivers.Add(SampleReports.Waiver());
        var failed = report.Results.Single(r => r.Id == "sec.failed");
        failed.Message = "Naïve <script>\"quoted\"</script> & tab\there\u0001 — done";
        failed.Findings = new FactList<Finding>
        {
            new() { File = "/repo/src/a.cs", Line = 3, Message = "AWS key in a.cs.", Rule = "aws-access-key", Fingerprint = "a.cs:aws:3", Commit = "0123abc" },
            new() { File = "/repo/src/b.cs", Message = "No line." },
        };
        failed.Evidence["unicode"] = "日本語 ✓";
        return report;
    }

    [Fact]
    public void Reports_read_from_other_writers_are_read_as_reflection_read_them()
    {
        // Durations as text, counts keyed in another case, an enum as a number, unknown properties: what a hand-written
        // or older report may hold.
        const string json = """
            { "checklistName": "n", "decision": "NoGo", "counts": { "failed": 1, "Passed": 2 }, "duration": "00:00:01.5",
              "results": [ { "id": "a", "status": 1, "severity": "critical", "duration": 0.25, "extra": [1, 2], "evidence": { "k": "v" } } ],
              "waivers": [], "startTime": "2026-11-22T06:00:00+00:00", "toolVersion": "0.1.0", "unknown": { "x": null } }
            """;
        var generated = ReportJson.Deserialize(json);
        var reflected = JsonSerializer.Deserialize<ReadinessReport>(json, Legacy(indented: true))!;
        Assert.Equal(CheckStatus.Failed, generated.Results[0].Status);
        Assert.Equal(JsonSerializer.Serialize(reflected, Legacy(indented: true)), ReportJson.Serialize(generated));
    }

    [Fact]
    public void Comparison_json_of_readiness_diff_is_written_as_reflection_wrote_it()
    {
        CheckResult R(string id, CheckStatus s, string? p95 = null)
        {
            var r = new CheckResult { Id = id, Title = id, Status = s, Severity = Severity.High, Message = $"{id} is {s} <b>é</b>" };
            if (p95 is not null) r.Evidence["p95Ms"] = p95;
            return r;
        }
        var old = ReportBuilder.Aggregate(new[] { R("tls", CheckStatus.Passed), R("csp", CheckStatus.Failed), R("p95", CheckStatus.Passed, "41.5"), R("gone", CheckStatus.Passed) });
        var now = ReportBuilder.Aggregate(new[] { R("tls", CheckStatus.Failed), R("csp", CheckStatus.Passed), R("p95", CheckStatus.Passed, "47"), R("new", CheckStatus.Manual) });
        var comparison = ReportComparer.Compare(old, now);
        Assert.Contains(comparison.Changes, c => c.Delta is not null);
        Assert.Equal(JsonSerializer.Serialize(comparison, Legacy(indented: true)), JsonSerializer.Serialize(comparison, ReportJson.Indented.ReportComparison));
    }

    [Fact]
    public void Attestation_lines_and_their_hash_are_what_reflection_wrote()
    {
        var store = new AttestationStore(Path.Combine(_dir, "x.evidence.jsonl"));
        store.Append("ops.owner", "ana", "Paged «the owner» <b>ok</b>\n\"done\"", at: new DateTimeOffset(2026, 11, 22, 6, 0, 0, 123, TimeSpan.FromHours(1)));
        var entry = store.Append("ops.waived", "cto", null, kind: "waive", expires: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var lines = File.ReadAllLines(store.Path);
        var read = store.ReadAll();
        Assert.Equal(2, read.Count);
        for (var i = 0; i < lines.Length; i++) Assert.Equal(JsonSerializer.Serialize(read[i], Legacy(indented: false)), lines[i]);

        foreach (var a in read)
        {
            var canonical = JsonSerializer.Serialize(new[]
            {
                a.PreviousHash, a.ItemId, a.Kind, a.By, a.At.ToUniversalTime().ToString("o"), a.Note, a.Expires?.ToUniversalTime().ToString("o"),
            }, ReflectionDefaults);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant(), a.Hash);
        }
        Assert.True(store.Verify().IsValid);
        Assert.Equal(entry.Hash, store.Head().LastHash);
    }

    [Fact]
    public void A_recorded_chain_head_is_read_from_a_report_beside_the_evidence_file()
    {
        var store = new AttestationStore(Path.Combine(_dir, "y.evidence.jsonl"));
        store.Append("ops.owner", "ana", null);
        var report = new ReadinessReport { ChecklistName = "y", StartTime = DateTimeOffset.UtcNow, AttestationChain = store.Head() };
        File.WriteAllText(Path.Combine(_dir, "y.json"), ReportJson.Serialize(report));
        var head = store.RecordedHead();
        Assert.NotNull(head);
        Assert.Equal(1, head.Entries);
        Assert.Equal(report.AttestationChain.LastHash, head.LastHash);
    }

    private static RunbookState State()
    {
        var at = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
        var result = new CheckResult
        {
            Id = "health.up", Section = "Health", Title = "Service answers", Status = CheckStatus.Failed, Severity = Severity.Critical, CheckType = "env",
            Target = "SERVICE_UP", Message = "SERVICE_UP is 'no' <not yes>.", Remediation = "Restart the pods.", Duration = TimeSpan.FromMilliseconds(12.3456), Timestamp = at,
        };
        result.Evidence["value"] = "no";
        return new RunbookState
        {
            ChecklistName = "incident", ChecklistTitle = "Incident drill — «auth»", ChecklistPath = "/repo/incident.yaml", EvidencePath = "/repo/incident.evidence.jsonl",
            Sections = { "Health", "Rollback" }, StartedAt = at, StartedBy = "ana", Sessions = 2,
            Steps =
            {
                new() { Id = "health.up", Section = "Health", Title = "Service answers", State = StepState.Pending, Attempts = 2, Result = result, Notes = { "Pods restarted <twice>." }, StartedAt = at, FinishedAt = at.AddMinutes(3) },
                new() { Id = "rollback.owner", Section = "Rollback", Title = "Rollback owner named", State = StepState.NotStarted },
            },
            Timeline =
            {
                new() { At = at, Event = "started", By = "ana" },
                new() { At = at.AddMinutes(1), Event = "result", ItemId = "health.up", Title = "Service answers", By = "ana", Status = CheckStatus.Failed, Note = "still «down»" },
            },
        };
    }

    [Fact]
    public void The_runbook_run_file_is_written_and_read_as_reflection_did()
    {
        var state = State();
        var path = Path.Combine(_dir, "incident.runbook.json");
        state.Write(path);
        Assert.Equal(JsonSerializer.Serialize(state, Legacy(indented: true)), File.ReadAllText(path));
        var read = RunbookState.Read(path)!;
        Assert.Equal(File.ReadAllText(path), JsonSerializer.Serialize(read, Legacy(indented: true)));
    }

    [Fact]
    public void The_runbook_timeline_json_is_the_shape_the_anonymous_object_had()
    {
        var state = State();
        var legacy = JsonSerializer.Serialize(new
        {
            checklist = state.ChecklistName,
            title = state.ChecklistTitle,
            startedAt = state.StartedAt,
            startedBy = state.StartedBy,
            sessions = state.Sessions,
            steps = state.Steps.Select(s => new { s.Id, s.Section, s.Title, state = s.State, status = s.Result?.Status, s.Attempts, s.StartedAt, s.FinishedAt, s.Notes }),
            timeline = state.Timeline,
        }, Legacy(indented: true));
        Assert.Equal(legacy, RunbookTimeline.Json(state));
        state.ChecklistTitle = null;
        Assert.DoesNotContain("\"title\": null", RunbookTimeline.Json(state));
    }

    /// <summary>
    /// The one <c>object</c>-typed JSON: a load test's parameter values, keyed to share one measurement between
    /// items. Every runtime type the checklist reader, `readiness load` and Invoke-ReadinessLoadTest put there.
    /// </summary>
    [Fact]
    public void Load_parameter_values_of_every_source_key_as_reflection_keyed_them()
    {
        var checklist = new ChecklistLoader().LoadText("""
            schemaVersion: 1
            name: shapes
            items:
              - id: load.shapes
                section: Load
                title: Every YAML value
                severity: high
                check:
                  type: load
                  url: http://127.0.0.1:1/
                  method: 'POST'
                  rate: 12.5
                  connections: 4
                  requests: -100
                  insecureTls: true
                  body: ~
                  warmup: 1s
                  headers: { X-Note: "café <b>&", X-Count: 3, X-Ratio: 0.5, X-On: false, X-List: [ 1, "two", { three: 3 } ] }
                  thresholds: [ "p95<50ms", "errors<1%" ]
            """, "shapes.yaml");
        var fromYaml = checklist.Items.Single().Check!.Parameters;
        var fromCli = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["url"] = "http://127.0.0.1:1/", ["method"] = "GET", ["rate"] = (double?)1e-7, ["connections"] = (long)16, ["requests"] = (long?)null,
            ["headers"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer x" },
            ["thresholds"] = new[] { "p95<50ms" }.Cast<object?>().ToList(), ["stress"] = false, ["stressMax"] = double.MaxValue,
            ["pid"] = (long?)1234, ["timeout"] = (double?)30, ["duration"] = 2.5, ["count"] = 3,
        };
        foreach (var parameters in new[] { fromYaml, fromCli })
        {
            var legacy = JsonSerializer.Serialize(new SortedDictionary<string, object?>(
                parameters.Where(kv => kv.Key != "thresholds").ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal), ReflectionDefaults);
            Assert.Equal(legacy, LoadCheck.SharingKey(new CheckParameters("load", parameters)));
        }
    }

    [Fact]
    public void A_parameter_value_of_a_type_outside_the_context_fails_naming_the_type()
    {
        var parameters = new Dictionary<string, object?> { ["url"] = new Uri("http://127.0.0.1:1/") };
        var ex = Assert.Throws<NotSupportedException>(() => LoadCheck.SharingKey(new CheckParameters("load", parameters)));
        Assert.Contains("System.Uri", ex.Message);
    }
}
