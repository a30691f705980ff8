using Readiness.Core.Running;

namespace Readiness.Core.Checks.All;

/// <summary>
/// An item whose title names several conditions (for example "DIFFVER_ENV=production and non-deterministic signer
/// mode configured") passes only when every listed check passes; the result is the worst of them, and its message
/// names each condition that is not met.
/// </summary>
public sealed class AllCheck : SingleResultCheck
{
    public override string Type => "all";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "checks" };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var specs = context.Parameters.GetMapList("checks");
        if (specs.Count == 0) throw context.Parameters.Missing("checks", "a list of checks, each with a type and its parameters");

        var results = new List<CheckResult>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var type = spec.TryGetValue("type", out var t) ? t as string : null;
            if (string.IsNullOrWhiteSpace(type)) throw context.Parameters.Invalid($"checks[{i}].type", "a check type");
            if (type == Type || !CheckRegistry.Default.TryGet(type, out var check))
                throw context.Parameters.Invalid($"checks[{i}].type",
                    $"one of {string.Join(", ", CheckRegistry.Default.Types.Where(x => x != Type))}");
            var parameters = spec.Where(kv => kv.Key != "type").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var unknown = parameters.Keys.Where(k => !check.Parameters.Contains(k)).ToList();
            if (unknown.Count > 0)
                throw context.Parameters.Invalid($"checks[{i}].{unknown[0]}",
                    $"a parameter of '{type}' ({string.Join(", ", check.Parameters.OrderBy(p => p))})");

            // The sub-check sees the same item (id, title, severity) but its own type and parameters.
            var item = new ChecklistItem
            {
                Id = context.Item.Id, Section = context.Item.Section, Title = context.Item.Title, Severity = context.Item.Severity,
                Check = new CheckSpec { Type = check.Type, Parameters = parameters, PathBases = context.Item.Check?.PathBases ?? new() },
            };
            var subContext = new CheckContext(item, new CheckParameters(item.Id, parameters), context.Environment);
            results.AddRange(await check.RunAsync(subContext, cancellationToken).ConfigureAwait(false));
        }

        var worst = results.Worst();
        var combined = context.Result(worst.Status, "", string.Join(", ", results.Select(r => r.Target).Where(x => x.Length > 0).Distinct()));
        combined.Message = worst.Status is CheckStatus.Passed
            ? $"All {results.Count} conditions hold: {string.Join(" ", results.Select(r => r.Message))}"
            // Two probes of one unreachable endpoint fail with the same sentence; saying it twice reads like two problems.
            : string.Join(" ", results.Where(r => r.Status == worst.Status).Select(r => r.Message).Distinct());
        combined.Remediation = string.Join(" ", results.Where(r => r.Status != CheckStatus.Passed && r.Remediation is not null).Select(r => r.Remediation).Distinct());
        if (combined.Remediation.Length == 0) combined.Remediation = context.Item.Remediation;
        for (var i = 0; i < results.Count; i++)
        {
            combined.WithEvidence($"check{i + 1}.status", results[i].Status);
            foreach (var (key, value) in results[i].Evidence) combined.Evidence[$"check{i + 1}.{key}"] = value;
        }
        var failed = results.FirstOrDefault(r => r.File is not null && r.Status != CheckStatus.Passed);
        if (failed is not null) combined.At(failed.File, failed.Line);
        return combined;
    }
}
