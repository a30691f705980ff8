using Readiness.Core.Running;

namespace Readiness.Core.Checks.Docs;

/// <summary>
/// A document a release needs (runbook, API docs, incident playbook) exists, is not empty, has the required sections,
/// was updated recently enough, and its relative links lead to files that exist.
/// </summary>
public sealed class DocsCheck : SingleResultCheck<DocsParameters>
{
    public override string Type => "docs";

    public override Task<CheckResult> DecideAsync(CheckContext context, DocsParameters p, CancellationToken cancellationToken)
    {
        var given = p.Path;
        var path = context.ResolvePath(given);
        var relative = Display(context.BaseDirectory, given, path);
        var required = p.Headings;
        var maxAgeDays = p.MaxAgeDays;
        var checkLinks = p.CheckLinks;
        var today = p.Today ?? DateOnly.FromDateTime(context.Environment.Clock.GetUtcNow().UtcDateTime);

        if (Directory.Exists(path)) return Task.FromResult(context.Error($"{relative} is a folder; the docs check reads one file.", relative));
        if (!File.Exists(path))
            return Task.FromResult(context.Fail($"{relative} does not exist.", relative, $"Write {relative} and commit it with the release."));
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
            return Task.FromResult(context.Fail($"{relative} is empty.", relative, $"Fill in {relative}."));

        var doc = MarkdownDocument.Parse(text);
        var problems = new List<string>();
        var remedies = new List<string>();
        var result = context.Pass("", relative).WithEvidence("headings", doc.Headings.Count).WithEvidence("bytes", new FileInfo(path).Length);

        var missing = required.Where(h => !doc.Headings.Any(x => string.Equals(Normalize(x), Normalize(h), StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"missing section(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}");
            remedies.Add($"Add the sections {string.Join(", ", missing)} to {relative}.");
        }

        if (maxAgeDays is { } maxAge)
        {
            if (doc.Date is not { } date)
            {
                problems.Add("it has no 'last_updated:' or 'Date:' to tell its age");
                remedies.Add($"Add 'last_updated: {today:yyyy-MM-dd}' to the front matter after reviewing {relative}.");
            }
            else
            {
                var age = today.DayNumber - date.DayNumber;
                result.WithEvidence("lastUpdated", date.ToString("yyyy-MM-dd")).WithEvidence("ageDays", age).WithEvidence("dateSource", doc.DateSource);
                if (age > maxAge)
                {
                    problems.Add($"it was last updated {date:yyyy-MM-dd}, {age} days ago (limit {maxAge})");
                    remedies.Add($"Review {relative} and update its date.");
                }
            }
        }

        if (checkLinks)
        {
            var folder = Path.GetDirectoryName(path)!;
            var links = doc.RelativeLinks().ToList();
            var broken = links.Where(l => !Exists(folder, l.Path)).ToList();
            result.WithEvidence("relativeLinks", links.Count);
            if (broken.Count > 0)
            {
                problems.Add($"{broken.Count} relative link(s) lead nowhere ({string.Join(", ", broken.Take(3).Select(b => $"{b.Path} on line {b.Line}"))}{(broken.Count > 3 ? ", …" : "")})");
                remedies.Add("Fix or remove the broken links.");
                result.At(path, broken[0].Line);
            }
        }

        if (problems.Count == 0)
        {
            result.Message = $"{relative} is present{(required.Count > 0 ? $" with all {required.Count} required sections" : "")}{(doc.Date is { } dd && maxAgeDays is not null ? $", updated {dd:yyyy-MM-dd}" : "")}{(checkLinks ? ", and its links resolve" : "")}.";
            return Task.FromResult(result);
        }
        var failed = context.Fail($"{relative}: {string.Join("; ", problems)}.", relative, string.Join(" ", remedies)).At(result.File, result.Line);
        foreach (var (k, v) in result.Evidence) failed.Evidence[k] = v;
        return Task.FromResult(failed);
    }

    /// <summary>An absolute path (e.g. from ${repo}) is shown relative to the run's base folder when it lies inside it.</summary>
    private static string Display(string baseDirectory, string given, string full)
    {
        if (!Path.IsPathRooted(given)) return given;
        var relative = Path.GetRelativePath(baseDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }

    private static bool Exists(string folder, string link)
    {
        try
        {
            var full = Path.GetFullPath(Path.Combine(folder, link.TrimStart('/')));
            return File.Exists(full) || Directory.Exists(full);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
    }

    private static string Normalize(string heading) => heading.Trim().TrimStart('#').Trim().TrimEnd(':');
}

public sealed record DocsParameters
{
    [CheckParameter("path", Required = true, Expected = "the document's path, such as docs/runbook.md")] public string Path { get; init; } = "";
    [CheckParameter("headings")] public IReadOnlyList<string> Headings { get; init; } = [];
    [CheckParameter("maxAgeDays", Min = 0)] public long? MaxAgeDays { get; init; }
    [CheckParameter("checkLinks")] public bool CheckLinks { get; init; } = true;
    /// <summary>Pins the clock for reproducible runs and tests.</summary>
    [CheckParameter("today")] public DateOnly? Today { get; init; }
}
