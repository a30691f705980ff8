using System.Text.RegularExpressions;
using Readiness.Core.Checks.Env;

namespace Readiness.Core.Checks.Secrets;

/// <summary>A variable the code reads, and the first place it is read.</summary>
public sealed record EnvironmentRead(string Name, string File, int Line);

/// <summary>
/// Which environment variables a code base reads, and which of them (plus the ones a checklist requires) are missing
/// from <c>.env.example</c>.
/// </summary>
public static class EnvExampleAudit
{
    private const string Name = "([A-Za-z_][A-Za-z0-9_]*)";

    /// <summary>Ways source code reads a variable, by language. Only literal names count: a computed name cannot be listed.</summary>
    private static readonly (string Extensions, Regex Regex)[] Readers =
    {
        (".cs .fs .vb .csx", new Regex(@"Environment\.GetEnvironmentVariable\(\s*""" + Name + @"""")),
        (".go", new Regex(@"os\.(?:Getenv|LookupEnv)\(\s*""" + Name + @"""")),
        (".js .mjs .cjs .ts .tsx .jsx", new Regex(@"process\.env\.([A-Za-z_][A-Za-z0-9_]*)|process\.env\[\s*['""`]" + Name + @"['""`]\s*\]")),
        (".py", new Regex(@"os\.environ\[\s*['""]" + Name + @"['""]\s*\]|os\.(?:environ\.get|getenv)\(\s*['""]" + Name + @"['""]")),
        (".rs", new Regex(@"(?:std::)?env::var(?:_os)?\(\s*""" + Name + @"""")),
        (".yml .yaml .env .dockerfile", new Regex(@"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?=+][^}]*)?\}")),
    };

    /// <summary>Variables every platform sets; nobody puts them in .env.example.</summary>
    private static readonly Regex Platform = new(
        @"^(?:HOME|PATH|USER|USERNAME|PWD|SHELL|TERM|LANG|LC_[A-Z]+|TMP|TEMP|TMPDIR|HOSTNAME|CI|TF_BUILD|GITHUB_[A-Z_]+|RUNNER_[A-Z_]+|SYSTEM_[A-Z_]+|BUILD_[A-Z_]+|AGENT_[A-Z_]+|DOTNET_[A-Z_]+|ASPNETCORE_[A-Z_]+|NODE_ENV|NODE_OPTIONS|KUBERNETES_[A-Z_]+|APPDATA|LOCALAPPDATA|PROGRAMFILES|USERPROFILE|XDG_[A-Z_]+)$",
        RegexOptions.CultureInvariant);

    /// <summary>Code under these paths (tests, examples) is not the service: what it reads need not be in .env.example.</summary>
    public static IReadOnlyList<string> DefaultExcludes { get; } = new[]
    {
        "**/test/**", "**/tests/**", "**/*Tests/**", "**/*.Tests/**", "**/spec/**", "**/__tests__/**", "**/*_test.go",
        "**/*.test.*", "**/*.spec.*", "**/test_*.py", "**/benchmarks/**", "**/node_modules/**", "**/vendor/**",
        "**/.env.example", "**/.env.sample", "**/.env.template",
    };

    public static async Task<List<EnvironmentRead>> FindReadsAsync(string root, IEnumerable<string> excludes, CancellationToken ct)
    {
        var exclude = new SecretAllowlist(excludes, defaults: true);
        var reads = new Dictionary<string, EnvironmentRead>(StringComparer.Ordinal);
        foreach (var relative in await RepositoryScan.ListFilesAsync(root, ct).ConfigureAwait(false))
        {
            ct.ThrowIfCancellationRequested();
            if (exclude.AllowsPath(relative)) continue;
            var regexes = ReadersFor(relative);
            if (regexes.Count == 0) continue;
            var full = Path.Combine(root, relative);
            var info = new FileInfo(full);
            if (!info.Exists || info.Length > RepositoryScan.MaxFileBytes) continue;
            var number = 0;
            foreach (var line in File.ReadLines(full))
            {
                number++;
                foreach (var regex in regexes)
                    foreach (Match m in regex.Matches(line))
                    {
                        var name = m.Groups.Values.Skip(1).FirstOrDefault(g => g.Success)?.Value;
                        if (name is null || Platform.IsMatch(name)) continue;
                        reads.TryAdd(name, new EnvironmentRead(name, relative, number));
                    }
            }
        }
        return reads.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The names declared in a .env.example (values may be empty or placeholders).</summary>
    public static HashSet<string> Declared(string envExamplePath) =>
        EnvironmentSources.ReadDotEnv(envExamplePath).Keys.ToHashSet(StringComparer.Ordinal);

    private static List<Regex> ReadersFor(string relative)
    {
        var name = Path.GetFileName(relative);
        var ext = Path.GetExtension(relative).ToLowerInvariant();
        if (name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".env", StringComparison.Ordinal))
            ext = name.StartsWith(".env", StringComparison.Ordinal) ? ".env" : ".dockerfile";
        if (ext.Length == 0) return new();
        return Readers.Where(r => r.Extensions.Split(' ').Contains(ext)).Select(r => r.Regex).ToList();
    }
}

/// <summary>
/// Key-age hints: which API key variables hold values that look like real keys. A machine cannot see when a key was
/// issued, so the verdict is a Warning that points at the rotation item a person attests.
/// </summary>
public static class KeyAgeHints
{
    /// <summary>Names of API key variables: *_API_KEY, *_TOKEN, *_SECRET, *ACCESS_KEY*, *_KEY_ID.</summary>
    public static readonly Regex DefaultNamePattern = new(@"(?:API_?KEY|_TOKEN$|SECRET|ACCESS_?KEY|_KEY_ID$|^TOKEN$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The variables whose value a detector recognises, or that is long and random enough to be a live key.</summary>
    public static List<string> RealLookingKeys(IReadOnlyDictionary<string, string> variables, Regex namePattern)
    {
        var scanner = new SecretScanner(allowlist: new SecretAllowlist(defaults: false));
        var flagged = new List<string>();
        foreach (var (name, value) in variables.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!namePattern.IsMatch(name) || string.IsNullOrWhiteSpace(value)) continue;
            var recognised = scanner.ScanLine(value, "env", 1) is { Count: > 0 } || scanner.ScanLine($"{name}={value}", "env", 1) is { Count: > 0 };
            var random = value.Length >= 20 && !SecretPlaceholders.IsPlaceholder(value, generic: true) && SecretStrength.Entropy(value) >= 3.5;
            if (recognised || random) flagged.Add(name);
        }
        return flagged;
    }
}
