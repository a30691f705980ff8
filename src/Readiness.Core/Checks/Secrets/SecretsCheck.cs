using System.Globalization;
using System.Text.RegularExpressions;
using Readiness.Core.Checks.Env;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Secrets;

/// <summary>
/// The <c>secrets</c> check. <c>mode: scan</c> (default) looks for credentials in the working tree and, with
/// <c>history: true</c>, in every line ever added on any ref; <c>mode: env-example</c> lists variables the code reads or
/// the checklist requires that <c>.env.example</c> lacks; <c>mode: key-age</c> warns about API key variables that hold
/// real-looking keys and points at the rotation item. No result ever carries a secret: findings hold only a redacted
/// prefix and a fingerprint. A scan with <c>perFinding: true</c> gives one result per finding (for SARIF and
/// annotations), or the summary when there is none.
/// </summary>
public sealed class SecretsCheck : Check<SecretsParameters>
{
    public override string Type => "secrets";

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, SecretsParameters p, CancellationToken cancellationToken)
    {
        switch (p.Mode)
        {
            case SecretsMode.Scan:
                var found = await ScanAsync(context, p, cancellationToken).ConfigureAwait(false);
                // With no findings there is nothing to locate: the summary says what was scanned.
                return p.PerFinding && found.Findings.Count > 0 ? PerFinding(context, p, found) : [Summarise(context, p, found)];
            case SecretsMode.EnvExample:
                return [await EnvExampleAsync(context, p, cancellationToken).ConfigureAwait(false)];
            default:
                return [KeyAge(context, p)];
        }
    }

    /// <summary>Runs the scan an item describes. Used by <see cref="RunAsync"/> and by front ends that want one result per finding.</summary>
    public static Task<SecretScanResult> ScanAsync(CheckContext context, CancellationToken ct) =>
        ScanAsync(context, CheckParameterBinder.Bind<SecretsParameters>(context.Parameters), ct);

    private static async Task<SecretScanResult> ScanAsync(CheckContext context, SecretsParameters p, CancellationToken ct)
    {
        var root = RootOf(context, p);
        var scanner = new SecretScanner(SelectRules(context, p), BuildAllowlist(context, p, root));
        var result = new SecretScanResult();
        if (p.WorkingTree)
            await RepositoryScan.ScanWorkingTreeAsync(root, scanner, result, ct).ConfigureAwait(false);
        if (p.History)
        {
            await RepositoryScan.ScanHistoryAsync(root, scanner, result, ct,
                commits => context.Environment.Host.Progress(new RunProgress("Scanning Git history", context.Item.Id, 0, 0, $"{commits} commits"))).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>One aggregated result: counts as evidence, the first finding as file and line.</summary>
    private static CheckResult Summarise(CheckContext context, SecretsParameters p, SecretScanResult scan)
    {
        var root = p.Path;
        var scope = p.History
            ? p.WorkingTree ? "the working tree and Git history" : "the Git history"
            : "the working tree";
        var findings = scan.Findings;
        CheckResult result;
        if (findings.Count == 0)
        {
            result = context.Pass($"No secrets found in {scope} of {root} ({Scanned(scan)}).", root);
        }
        else
        {
            var first = findings[0];
            var history = findings.Count(f => f.InHistory);
            var split = history > 0 && history < findings.Count ? $" ({history} in history, {findings.Count - history} in the working tree)" : "";
            result = context.Fail(
                $"{Plural(findings.Count, "secret")} found in {scope} of {root}{split}; first: {first.RuleTitle} at {first.Where}.", root,
                "Remove each secret from the code, rotate it (a secret stays readable in Git history until the history is rewritten), "
                + "and read it from the environment or the secret manager; add a reviewed false positive to the allowlist by its fingerprint.")
                .At(FullPath(context, p, first.File), first.Line);
            result.Findings = new FactList<Finding>(findings.Select(f => new Finding
            {
                File = FullPath(context, p, f.File), Line = f.Line, Message = $"{f.RuleTitle} ({f.Redacted}) at {f.Where}.",
                Rule = f.RuleId, Fingerprint = f.Fingerprint, Commit = f.Commit,
            }));
            result.WithEvidence("distinctSecrets", findings.Select(f => f.Fingerprint).Distinct().Count())
                .WithEvidence("inHistory", history)
                .WithEvidence("inWorkingTree", findings.Count - history)
                .WithEvidence("rules", string.Join(", ", findings.GroupBy(f => f.RuleId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"{g.Key}={g.Count()}")))
                .WithEvidence("first", $"{first.RuleId} {first.Redacted} at {first.Where}");
        }
        return result.WithEvidence("findings", findings.Count)
            .WithEvidence("filesScanned", scan.FilesScanned)
            .WithEvidence("commitsScanned", scan.CommitsScanned)
            .WithEvidence("linesScanned", scan.LinesScanned)
            .WithEvidence("allowlisted", scan.Allowlisted)
            .WithEvidence("pathsSkipped", scan.PathsSkipped);
    }

    /// <summary>One Failed result per finding, each with file, line, rule and fingerprint (for SARIF and annotations).</summary>
    private static List<CheckResult> PerFinding(CheckContext context, SecretsParameters p, SecretScanResult scan) =>
        scan.Findings.Select(f =>
        {
            var r = context.Fail($"{f.RuleTitle} ({f.Redacted}) at {f.Where}; remove it and rotate it.", f.File,
                    "Remove the secret, rotate it, and read it from the environment or the secret manager.")
                .At(FullPath(context, p, f.File), f.Line)
                .WithEvidence("rule", f.RuleId)
                .WithEvidence("fingerprint", f.Fingerprint)
                .WithEvidence("secret", f.Redacted);
            if (f.Commit is not null) r.WithEvidence("commit", f.Commit);
            if (f.AuthorDate is { } d) r.WithEvidence("authorDate", d.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            return r;
        }).ToList();

    private static async Task<CheckResult> EnvExampleAsync(CheckContext context, SecretsParameters p, CancellationToken ct)
    {
        var root = RootOf(context, p);
        var examplePath = p.EnvExample is { } e ? context.ResolvePath(e) : Path.Combine(root, ".env.example");
        var exampleName = Path.GetRelativePath(root, examplePath).Replace('\\', '/');
        var required = p.Required.ToList();
        // The environment the service runs with: every variable set there belongs in .env.example too.
        if (p.File is { } envFile)
        {
            var envPath = context.ResolvePath(envFile);
            if (!File.Exists(envPath)) throw new FileNotFoundException($"The .env file {envPath} does not exist.");
            required.AddRange(EnvironmentSources.ReadDotEnv(envPath).Keys.Where(k => !required.Contains(k)));
        }
        var ignore = p.Ignore.ToHashSet(StringComparer.Ordinal);
        var reads = await EnvExampleAudit.FindReadsAsync(root, EnvExampleAudit.DefaultExcludes.Concat(p.Exclude), ct).ConfigureAwait(false);

        if (!File.Exists(examplePath))
            return context.Fail($"{exampleName} does not exist; the code reads {Plural(reads.Count, "variable")} and the checklist requires {required.Count}.",
                    exampleName, $"Create {exampleName} listing every variable the service needs, with placeholder values.")
                .WithEvidence("variablesRead", reads.Count).WithEvidence("required", required.Count);

        var declared = EnvExampleAudit.Declared(examplePath);
        var missingRequired = required.Where(n => !declared.Contains(n) && !ignore.Contains(n)).Distinct().ToList();
        var missingRead = reads.Where(r => !declared.Contains(r.Name) && !ignore.Contains(r.Name) && !missingRequired.Contains(r.Name)).ToList();
        var missing = missingRequired.Concat(missingRead.Select(r => r.Name)).ToList();

        CheckResult result;
        if (missing.Count == 0)
            result = context.Pass($"{exampleName} declares all {Plural(declared.Count, "variable")}: the {required.Count} required and the {reads.Count} the code reads.", exampleName);
        else
        {
            result = context.Fail($"{exampleName} lacks {Plural(missing.Count, "variable")}: {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", ..." : "")}.", exampleName,
                $"Add {string.Join(", ", missing.Take(20))} to {exampleName} with placeholder values.");
            if (missingRead.FirstOrDefault() is { } firstRead) result.At(Path.GetFullPath(firstRead.File, root), firstRead.Line);
            else result.At(examplePath, 1);
            result.WithEvidence("missing", string.Join(", ", missing))
                .WithEvidence("missingRequired", string.Join(", ", missingRequired))
                .WithEvidence("missingRead", string.Join(", ", missingRead.Select(r => $"{r.Name} ({r.File}:{r.Line})")));
        }
        return result.WithEvidence("declared", declared.Count).WithEvidence("required", required.Count).WithEvidence("variablesRead", reads.Count);
    }

    private static CheckResult KeyAge(CheckContext context, SecretsParameters p)
    {
        var rotation = p.RotationItem;
        var pointer = rotation is null ? "the key rotation item" : $"item {rotation}";
        Dictionary<string, string> values;
        string where;
        if (p.File is { } file)
        {
            var path = context.ResolvePath(file);
            if (!File.Exists(path)) throw new FileNotFoundException($"The .env file {path} does not exist.");
            values = EnvironmentSources.ReadDotEnv(path).ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
            where = Path.GetFileName(path);
        }
        else
        {
            values = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
                .Select(n => (n, v: context.Environment.GetEnvironmentVariable(n)))
                .Where(x => x.v is not null).ToDictionary(x => x.n, x => x.v!, StringComparer.Ordinal);
            where = "the process environment";
        }
        var pattern = p.NamePattern is { } np
            ? new Regex(np, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : KeyAgeHints.DefaultNamePattern;
        foreach (var (name, value) in values)
            if (pattern.IsMatch(name)) context.Secrets.Add(value);

        var keys = KeyAgeHints.RealLookingKeys(values, pattern);
        var considered = values.Keys.Count(pattern.IsMatch);
        var result = keys.Count == 0
            ? context.Pass($"None of the {Plural(considered, "API key variable")} in {where} holds a real-looking key.", where)
            : context.Warn($"{Plural(keys.Count, "API key variable")} in {where} {(keys.Count == 1 ? "holds a real-looking key" : "hold real-looking keys")} "
                           + $"({string.Join(", ", keys)}); confirm in {pointer} that {(keys.Count == 1 ? "it was" : "they were")} rotated.", where,
                $"Rotate {string.Join(", ", keys)} if older than the rotation policy allows, then attest {pointer}.");
        result.WithEvidence("variablesConsidered", considered).WithEvidence("realLookingKeys", string.Join(", ", keys));
        if (rotation is not null) result.WithEvidence("rotationItem", rotation);
        return result;
    }

    /// <summary>A finding's file (relative to the scanned folder) as the absolute path results carry, so reports can name it relative to the repository root.</summary>
    private static string FullPath(CheckContext context, SecretsParameters p, string file) =>
        Path.GetFullPath(file, context.ResolvePath(p.Path));

    private static string RootOf(CheckContext context, SecretsParameters p)
    {
        var root = context.ResolvePath(p.Path);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The folder {root} does not exist.");
        return root;
    }

    private static IEnumerable<SecretRule> SelectRules(CheckContext context, SecretsParameters p)
    {
        var only = p.Rules;
        var excluded = p.ExcludeRules;
        foreach (var id in only.Concat(excluded))
            if (SecretRules.Find(id) is null)
                throw context.Parameters.Invalid("rules", $"rule ids from: {string.Join(", ", SecretRules.All.Select(r => r.Id))} ('{id}' is not one)");
        return SecretRules.All.Where(r => (only.Count == 0 || only.Contains(r.Id, StringComparer.OrdinalIgnoreCase))
                                          && !excluded.Contains(r.Id, StringComparer.OrdinalIgnoreCase));
    }

    private static SecretAllowlist BuildAllowlist(CheckContext context, SecretsParameters p, string root)
    {
        SecretAllowlist allowlist;
        try { allowlist = new SecretAllowlist(p.AllowPaths, p.AllowRegexes); }
        catch (FormatException ex) { throw context.Parameters.Invalid("allowRegexes", $"valid regular expressions ({ex.Message})"); }
        var file = p.Allowlist is { } f ? context.ResolvePath(f) : Path.Combine(root, SecretAllowlist.DefaultFileName);
        if (p.Allowlist is not null || File.Exists(file)) allowlist.AddFile(file);
        // The allowlist names rules and files next to hashes, which would read like assignments to a scanner.
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        if (!relative.StartsWith("../", StringComparison.Ordinal)) allowlist.AddPath("/" + relative);
        return allowlist;
    }

    private static string Scanned(SecretScanResult s)
    {
        var parts = new List<string>();
        if (s.FilesScanned > 0 || s.CommitsScanned == 0) parts.Add(Plural(s.FilesScanned, "file"));
        if (s.CommitsScanned > 0) parts.Add(Plural(s.CommitsScanned, "commit"));
        if (s.Allowlisted > 0) parts.Add($"{s.Allowlisted} allowlisted");
        return string.Join(", ", parts);
    }

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}

public enum SecretsMode { Scan, EnvExample, KeyAge }

public sealed record SecretsParameters
{
    [CheckParameter("mode")] public SecretsMode Mode { get; init; } = SecretsMode.Scan;
    /// <summary>The folder scanned and whose .env.example is judged.</summary>
    [CheckParameter("path")] public string Path { get; init; } = ".";
    [CheckParameter("workingTree")] public bool WorkingTree { get; init; } = true;
    /// <summary>Every line ever added on any ref.</summary>
    [CheckParameter("history")] public bool History { get; init; }
    [CheckParameter("allowPaths")] public IReadOnlyList<string> AllowPaths { get; init; } = [];
    [CheckParameter("allowRegexes")] public IReadOnlyList<string> AllowRegexes { get; init; } = [];
    /// <summary>The allowlist file; the scanned folder's default one is read when it exists.</summary>
    [CheckParameter("allowlist")] public string? Allowlist { get; init; }
    // Rule ids are checked against the rule catalogue by the check, which names them all in its error.
    [CheckParameter("rules")] public IReadOnlyList<string> Rules { get; init; } = [];
    [CheckParameter("excludeRules")] public IReadOnlyList<string> ExcludeRules { get; init; } = [];
    [CheckParameter("envExample")] public string? EnvExample { get; init; }
    [CheckParameter("required")] public IReadOnlyList<string> Required { get; init; } = [];
    [CheckParameter("exclude")] public IReadOnlyList<string> Exclude { get; init; } = [];
    [CheckParameter("ignore")] public IReadOnlyList<string> Ignore { get; init; } = [];
    /// <summary>A .env file: the variables it sets (env-example) or the keys it holds (key-age).</summary>
    [CheckParameter("file")] public string? File { get; init; }
    [CheckParameter("namePattern")] public string? NamePattern { get; init; }
    [CheckParameter("rotationItem")] public string? RotationItem { get; init; }
    /// <summary>One result per finding (for SARIF and annotations) instead of the summary.</summary>
    [CheckParameter("perFinding")] public bool PerFinding { get; init; }
}
