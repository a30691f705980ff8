using System.Globalization;
using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Backup;

public sealed record BackupFile(string Path, DateTimeOffset Time, long Size)
{
    public string Name => System.IO.Path.GetFileName(Path.TrimEnd('/'));
}

/// <summary>
/// Finds backups by glob, newest first. The time is taken from a timestamp in the name (20261120, 2026-11-20T0300)
/// where there is one, else from the file's modification time: names survive copies, mtimes often do not.
/// </summary>
public static partial class BackupDiscovery
{
    public static IReadOnlyList<BackupFile> Find(string baseDirectory, string pattern)
    {
        var full = System.IO.Path.IsPathRooted(pattern) ? pattern : System.IO.Path.Combine(baseDirectory, pattern);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        var name = System.IO.Path.GetFileName(full);
        if (!Directory.Exists(dir)) return Array.Empty<BackupFile>();
        var entries = Directory.EnumerateFileSystemEntries(dir, name.Length == 0 ? "*" : name);
        return entries.Select(e => new BackupFile(e, TimeOf(e), SizeOf(e))).OrderByDescending(b => b.Time).ToList();
    }

    public static DateTimeOffset TimeOf(string path)
    {
        var m = Stamp().Match(System.IO.Path.GetFileName(path.TrimEnd('/')));
        if (m.Success)
        {
            var text = m.Groups["d"].Value.Replace("-", "") + (m.Groups["t"].Success ? m.Groups["t"].Value.Replace(":", "").PadRight(6, '0') : "000000");
            if (DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                return new DateTimeOffset(t, TimeSpan.Zero);
        }
        return Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path);
    }

    private static long SizeOf(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : new FileInfo(path).Length;

    [GeneratedRegex(@"(?<d>20\d{2}-?\d{2}-?\d{2})(?:[T_-]?(?<t>\d{2}:?\d{2}(?::?\d{2})?))?")]
    private static partial Regex Stamp();
}

/// <summary>The schedule-side decisions: freshness (RPO achieved), cadence, retention, off-site copy.</summary>
public static class BackupSchedule
{
    public static (bool Ok, string Message) Freshness(IReadOnlyList<BackupFile> backups, TimeSpan maxAge, DateTimeOffset now)
    {
        var newest = backups[0];
        var age = now - newest.Time;
        return age <= maxAge
            ? (true, $"The newest backup {newest.Name} is {Hours(age)} old (limit {Hours(maxAge)}).")
            : (false, $"The newest backup {newest.Name} is {Hours(age)} old, older than the {Hours(maxAge)} allowed: up to {Hours(age)} of data would be lost.");
    }

    public static (bool Ok, string Message) Cadence(IReadOnlyList<BackupFile> backups, TimeSpan interval, DateTimeOffset now)
    {
        // A gap may be up to 1.5 intervals: a daily job that runs late one day is not a missed day.
        var allowed = TimeSpan.FromTicks((long)(interval.Ticks * 1.5));
        var times = backups.Select(b => b.Time).Append(now).OrderBy(t => t).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => (From: a, To: b, Gap: b - a)).Where(g => g.Gap > allowed).ToList();
        return gaps.Count == 0
            ? (true, $"{backups.Count} backups, no gap longer than {Hours(allowed)} (schedule every {Hours(interval)}).")
            : (false, $"{gaps.Count} gap(s) longer than the schedule allows: the largest is {Hours(gaps.Max(g => g.Gap))} from {gaps.OrderByDescending(g => g.Gap).First().From:yyyy-MM-dd HH:mm} (schedule every {Hours(interval)}).");
    }

    public static (bool Ok, string Message) Retention(IReadOnlyList<BackupFile> backups, TimeSpan retention, TimeSpan interval, bool deletionRequired, DateTimeOffset now)
    {
        var oldest = backups[^1];
        var covered = now - oldest.Time;
        if (covered + interval < retention)
            return (false, $"Backups reach back {Days(covered)} (oldest {oldest.Name}); the policy keeps {Days(retention)}.");
        var expired = backups.Where(b => now - b.Time > retention + interval).ToList();
        if (deletionRequired && expired.Count > 0)
            return (false, $"{expired.Count} backup(s) are older than the {Days(retention)} policy and should have been deleted (oldest {oldest.Name}).");
        return (true, $"Backups cover {Days(covered)} (policy {Days(retention)}){(deletionRequired ? " and nothing older remains" : "")}.");
    }

    public static string Hours(TimeSpan t) => t.TotalHours >= 48 ? $"{t.TotalDays:0.#} days" : $"{t.TotalHours:0.#} h";
    public static string Days(TimeSpan t) => $"{t.TotalDays:0.#} days";
}
