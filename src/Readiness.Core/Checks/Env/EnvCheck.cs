using System.Globalization;
using System.Text.RegularExpressions;
using Readiness.Core.Checks.Kubernetes;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Env;

/// <summary>
/// A configuration variable is set and has an acceptable value. Sources: the process environment (default) or a
/// .env file. With <c>secret: true</c> the value is judged for strength and never appears in any output.
/// </summary>
public sealed class EnvCheck : SingleResultCheck<EnvParameters>
{
    public override string Type => "env";

    public override Task<CheckResult> DecideAsync(CheckContext context, EnvParameters p, CancellationToken cancellationToken)
    {
        var values = ReadSource(context, p, out var where);
        var secret = p.Secret;

        IReadOnlyList<string> names;
        if (p.Pattern is { } pattern)
        {
            var regex = NameWildcard.ToRegex(pattern);
            names = values.Keys.Where(k => regex.IsMatch(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (names.Count == 0)
                return Task.FromResult(context.Fail($"No variable matching {pattern} is set in {where}.", pattern,
                    $"Set the variables matching {pattern} in {where}."));
        }
        else names = new[] { p.Name ?? throw context.Parameters.Missing("name", "a string") };

        foreach (var name in names)
            if (values.TryGetValue(name, out var v) && secret) context.Secrets.Add(v);

        var results = names.Select(n => Judge(context, p, n, values.TryGetValue(n, out var v) ? v : null, where)).ToList();
        var worst = results.Worst();
        if (names.Count > 1)
        {
            worst.Target = string.Join(", ", names);
            worst.WithEvidence("variables", names.Count);
            if (worst.Status == CheckStatus.Passed) worst.Message = $"All {names.Count} variables matching {p.Pattern} are set and acceptable in {where}.";
        }
        return Task.FromResult(worst);
    }

    private static CheckResult Judge(CheckContext context, EnvParameters p, string name, string? value, string where)
    {
        var secret = p.Secret;
        if (value is null)
        {
            return p.Optional
                ? context.Result(CheckStatus.Skipped, $"{name} is not set in {where}; it is optional.", name)
                : context.Fail($"{name} is not set in {where}.", name, $"Set {name} in {where}.");
        }

        var shown = secret ? "(hidden)" : value;
        var result = context.Pass($"{name} is set in {where}.", name).WithEvidence("source", where);
        if (!secret) result.WithEvidence("value", value);

        if ((p.NotPlaceholder ?? secret) && SecretStrength.IsPlaceholder(value))
            return context.Fail($"{name} holds a placeholder value{(secret ? "" : $" ('{value}')")}, not a real setting.", name,
                $"Replace the placeholder in {name} with the production value.");

        if (p.EqualTo is { } expected && !string.Equals(value, expected, StringComparison.Ordinal))
            return context.Fail(secret ? $"{name} in {where} does not have the required value." : $"{name} is '{value}' in {where}, expected '{expected}'.", name,
                $"Set {name}={expected} in {where}.");

        var oneOf = p.OneOf;
        if (oneOf.Count > 0 && !oneOf.Contains(value, StringComparer.Ordinal))
            return context.Fail(secret ? $"{name} is not one of the allowed values." : $"{name} is '{value}'; allowed: {string.Join(", ", oneOf)}.", name,
                $"Set {name} to one of: {string.Join(", ", oneOf)}.");

        if (p.Matches is { } regex && !Regex.IsMatch(value, regex, RegexOptions.None, TimeSpan.FromSeconds(1)))
            return context.Fail(secret ? $"{name} does not match the required pattern." : $"{name} is '{value}', which does not match {regex}.", name);

        var min = p.Min;
        var max = p.Max;
        if (min is not null || max is not null)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return context.Fail($"{name} is '{shown}', not a number.", name);
            var range = $"{Show(min)}..{Show(max)}";
            if (number < (min ?? double.MinValue) || number > (max ?? double.MaxValue))
                return context.Fail($"{name} is {shown}, outside the allowed range {range}.", name,
                    $"Set {name} to a value within {range}.").WithEvidence("range", range);
            result.WithEvidence("range", range);
        }

        if (secret)
        {
            var minLength = p.MinLength;
            var minClasses = p.MinClasses;
            var minEntropy = p.MinEntropy;
            var classes = SecretStrength.CharacterClasses(value);
            var entropy = SecretStrength.Entropy(value);
            result.WithEvidence("length", value.Length).WithEvidence("characterClasses", classes).WithEvidence("entropyBitsPerChar", Math.Round(entropy, 2));
            if (value.Length < minLength)
                return Copy(result, context.Fail($"{name} is too short: {value.Length} characters, at least {minLength} required.", name,
                    $"Generate a new random secret of at least {minLength} characters (e.g. openssl rand -base64 48) and store it in the secret manager."));
            if (classes < minClasses)
                return Copy(result, context.Fail($"{name} uses {classes} character classes, at least {minClasses} required.", name));
            if (entropy < minEntropy)
                return Copy(result, context.Fail($"{name} looks weak: {entropy:0.0} bits of entropy per character, at least {minEntropy:0.0} expected.", name,
                    "Generate the secret from a random source instead of choosing it."));
            result.Message = $"{name} is set in {where} and looks strong ({value.Length} characters).";
        }
        return result;
    }

    private static CheckResult Copy(CheckResult from, CheckResult to)
    {
        foreach (var (k, v) in from.Evidence) to.Evidence[k] = v;
        return to;
    }

    private static Dictionary<string, string> ReadSource(CheckContext context, EnvParameters p, out string where)
    {
        var source = p.Source;
        switch (source)
        {
            case "process":
                where = "the process environment";
                var names = p.Pattern is null
                    ? new[] { p.Name ?? throw context.Parameters.Missing("name", "a string") }
                    : System.Environment.GetEnvironmentVariables().Keys.Cast<string>();
                return names.Select(n => (n, v: context.Environment.GetEnvironmentVariable(n)))
                    .Where(x => x.v is not null).ToDictionary(x => x.n, x => x.v!, StringComparer.Ordinal);
            case "dotenv":
                var file = context.ResolvePath(p.File ?? throw context.Parameters.Missing("file", "a string"));
                where = Path.GetFileName(file);
                if (!File.Exists(file)) throw new FileNotFoundException($"The .env file {file} does not exist.");
                return EnvironmentSources.ReadDotEnv(file).ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
            default:
                if (EnvSourceProviders.TryGet(source, out var provider))
                    return provider.Read(context, out where);
                throw context.Parameters.Invalid("source", $"one of process, dotenv{string.Concat(EnvSourceProviders.Names.Select(n => ", " + n))}");
        }
    }

    private static string Show(double? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
}

public sealed record EnvParameters
{
    /// <summary>The variable; or <see cref="Pattern"/> for every variable whose name matches.</summary>
    [CheckParameter("name")] public string? Name { get; init; }
    [CheckParameter("pattern")] public string? Pattern { get; init; }
    /// <summary>process, dotenv, or a registered <see cref="IEnvSource"/>; checked by the check, whose list of sources is open.</summary>
    [CheckParameter("source")] public string Source { get; init; } = "process";
    [CheckParameter("file")] public string? File { get; init; }
    [CheckParameter("equals")] public string? EqualTo { get; init; }
    [CheckParameter("oneOf")] public IReadOnlyList<string> OneOf { get; init; } = [];
    [CheckParameter("matches")] public string? Matches { get; init; }
    [CheckParameter("min")] public double? Min { get; init; }
    [CheckParameter("max")] public double? Max { get; init; }
    /// <summary>On by default for secrets.</summary>
    [CheckParameter("notPlaceholder")] public bool? NotPlaceholder { get; init; }
    [CheckParameter("secret")] public bool Secret { get; init; }
    [CheckParameter("minLength", Min = 0)] public int MinLength { get; init; } = 32;
    [CheckParameter("minClasses", Min = 0, Max = 4)] public int MinClasses { get; init; }
    [CheckParameter("minEntropy", Min = 0)] public double MinEntropy { get; init; } = 3.0;
    [CheckParameter("optional")] public bool Optional { get; init; }
}

/// <summary>
/// An extra place the <c>env</c> check can read variables from (for example Kubernetes manifests). Implementations
/// are listed in <see cref="EnvSourceProviders.BuiltIn"/>, like check types in CheckRegistry.
/// </summary>
public interface IEnvSource
{
    /// <summary>The value of the env check's <c>source</c> parameter that selects this source.</summary>
    string Name { get; }
    Dictionary<string, string> Read(CheckContext context, out string where);
}

public static class EnvSourceProviders
{
    private static readonly Dictionary<string, IEnvSource> Sources =
        BuiltIn().ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every source, written out rather than found by reflection so a trimmed (Native AOT) build keeps them all.
    /// A new source class goes here; EnvSourceListTests names any class that is missing.
    /// </summary>
    public static IReadOnlyList<IEnvSource> BuiltIn() =>
    [
        new KubernetesEnvSource(),
    ];

    public static IEnumerable<string> Names => Sources.Keys.OrderBy(n => n, StringComparer.Ordinal);
    public static bool TryGet(string name, out IEnvSource source) => Sources.TryGetValue(name, out source!);
}
