using Readiness.Core.Probing;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Readiness.Core.Checks.Secrets;

/// <summary>What a scan looked at and what it found.</summary>
public sealed class SecretScanResult
{
    public List<SecretFinding> Findings { get; } = new();
    public int FilesScanned { get; set; }
    public int CommitsScanned { get; set; }
    public long LinesScanned { get; set; }
    /// <summary>Findings suppressed by fingerprint or regex allowlists.</summary>
    public int Allowlisted { get; set; }
    /// <summary>Files skipped by path allowlists (including the default test-fixture and lock-file paths).</summary>
    public int PathsSkipped { get; set; }
}

/// <summary>Scans a folder's files and a repository's full history with one <see cref="SecretScanner"/>.</summary>
public static class RepositoryScan
{
    /// <summary>Files larger than this are not read in the working-tree scan (dumps, archives, media).</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Scans the working tree: in a Git repository the tracked and untracked-but-not-ignored files (ignored files such as
    /// <c>.env</c> are where secrets belong), elsewhere every file under <paramref name="root"/>.
    /// </summary>
    public static async Task ScanWorkingTreeAsync(string root, SecretScanner scanner, SecretScanResult result, CancellationToken ct)
    {
        var before = scanner.Allowlisted;
        foreach (var relative in await ListFilesAsync(root, ct).ConfigureAwait(false))
        {
            ct.ThrowIfCancellationRequested();
            if (scanner.Allowlist.AllowsPath(relative)) { result.PathsSkipped++; continue; }
            var full = Path.Combine(root, relative);
            var info = new FileInfo(full);
            if (!info.Exists || info.Length > MaxFileBytes || (info.Attributes & FileAttributes.ReparsePoint) != 0) continue;
            if (IsBinary(full)) continue;
            result.FilesScanned++;
            var number = 0;
            using var reader = new StreamReader(full, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            while (reader.ReadLine() is { } line)
            {
                number++;
                result.LinesScanned++;
                if (scanner.ScanLine(line, relative, number) is { } found) result.Findings.AddRange(found);
            }
        }
        result.Allowlisted += scanner.Allowlisted - before;
    }

    /// <summary>
    /// Scans every line added by every commit reachable from any ref, streaming <c>git log -p --all</c>: the history is
    /// read one line at a time and never held in memory. File and line numbers come from the diff headers and hunks.
    /// A subfolder of a repository scans only the history of that subfolder, with paths relative to it (--relative), so
    /// history and working-tree findings share fingerprints.
    /// </summary>
    public static async Task ScanHistoryAsync(string repository, SecretScanner scanner, SecretScanResult result,
        CancellationToken ct, Action<int>? progress = null)
    {
        var before = scanner.Allowlisted;
        var parser = new GitLogPatchParser(scanner, result, progress);
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(Git(repository, "-c", "core.quotepath=false", "-c", "diff.renames=true", "log", "-p", "--all", "--relative", "--no-color",
                "--no-ext-diff", "--no-textconv", "-U0", "--diff-filter=d", "--format=commit %H %aI") with { OnOutputLine = parser.Feed }, ct).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"git is not installed or not on PATH, so the history of {repository} cannot be scanned ({ex.Message}).", ex);
        }
        var error = outcome.Error;
        if (outcome.ExitCode != 0)
        {
            if (error.Contains("does not have any commits", StringComparison.Ordinal)) return;
            // Told by git log itself rather than asked first: a `git rev-parse` before every scan cost a process start.
            if (error.Contains("not a git repository", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{repository} is not a Git repository, so its history cannot be scanned.");
            throw new InvalidOperationException($"git log failed in {repository}: {FirstLine(error)}");
        }
        result.Allowlisted += scanner.Allowlisted - before;
        result.PathsSkipped += parser.PathsSkipped;
    }

    /// <summary>
    /// Files to read, relative with forward slashes: what git ls-files lists in a work tree (its exit code says whether
    /// this is one, so no separate check runs first), else every file under <paramref name="root"/>.
    /// </summary>
    internal static async Task<List<string>> ListFilesAsync(string root, CancellationToken ct)
    {
        try
        {
            var outcome = await ProcessRunner.RunAsync(Git(root, "-c", "core.quotepath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"), ct).ConfigureAwait(false);
            if (outcome.ExitCode == 0) return outcome.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        }
        catch (System.ComponentModel.Win32Exception) { } // no git: a plain folder
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
    }

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[8000];
        using var s = File.OpenRead(path);
        var n = s.Read(head);
        return head[..n].Contains((byte)0);
    }

    internal static ProcessRequest Git(string workingDirectory, params string[] args) => new()
    {
        Program = "git", Arguments = args, WorkingDirectory = workingDirectory, Environment = Readiness.Core.Checks.Git.GitCheck.GitEnvironment,
    };

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no error output";
}

/// <summary>
/// Reads <c>git log -p -U0 --format="commit %H %aI"</c> output line by line and hands every added line, with its commit,
/// author date, file and new line number, to the scanner.
/// </summary>
internal sealed class GitLogPatchParser(SecretScanner scanner, SecretScanResult result, Action<int>? progress)
{
    private string? _commit;
    private DateTimeOffset? _date;
    private string? _file;
    private bool _skipFile;
    private bool _inHeader;
    private int _line;

    public int PathsSkipped { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per line of history: skip tier-0 code
    public void Feed(string line)
    {
        if (line.Length == 0) return;
        // Content lines start with '+', '-' or ' ', so "commit " at column 0 is always our format line.
        if (line.StartsWith("commit ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ', 3);
            _commit = parts.Length > 1 ? parts[1] : null;
            _date = parts.Length > 2 && DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            _file = null;
            _inHeader = false;
            result.CommitsScanned++;
            if (result.CommitsScanned % 500 == 0) progress?.Invoke(result.CommitsScanned);
            return;
        }
        switch (line[0])
        {
            case 'd' when line.StartsWith("diff --git ", StringComparison.Ordinal):
                _inHeader = true;
                _file = null;
                return;
            case '+' when _inHeader && line.StartsWith("+++ ", StringComparison.Ordinal):
                _file = ParsePath(line[4..]);
                _skipFile = _file is null || scanner.Allowlist.AllowsPath(_file);
                if (_skipFile && _file is not null) PathsSkipped++;
                return;
            case '@' when line.StartsWith("@@ ", StringComparison.Ordinal):
                _inHeader = false;
                _line = ParseNewStart(line);
                return;
            case '+' when !_inHeader && _file is not null && _commit is not null:
                result.LinesScanned++;
                var number = _line++;
                if (_skipFile) return;
                if (scanner.ScanLine(line.AsSpan(1), _file, number, _commit, _date) is { } found) result.Findings.AddRange(found);
                return;
            case ' ' when !_inHeader:
                _line++;
                return;
        }
    }

    /// <summary><c>@@ -a,b +c,d @@</c>: the new side starts at c.</summary>
    internal static int ParseNewStart(string hunk)
    {
        var plus = hunk.IndexOf(" +", StringComparison.Ordinal);
        if (plus < 0) return 1;
        var i = plus + 2;
        var n = 0;
        while (i < hunk.Length && char.IsAsciiDigit(hunk[i]) && n < 100_000_000) n = n * 10 + (hunk[i++] - '0');
        return Math.Max(n, 1);
    }

    /// <summary><c>b/path</c>, or a C-quoted <c>"b/p\303\251"</c>; <c>/dev/null</c> (a deletion) gives null.</summary>
    internal static string? ParsePath(string text)
    {
        text = text.TrimEnd('\t');
        if (text == "/dev/null") return null;
        if (text.StartsWith('"') && text.EndsWith('"') && text.Length >= 2) text = Unquote(text[1..^1]);
        return text.StartsWith("b/", StringComparison.Ordinal) ? text[2..] : text;
    }

    private static string Unquote(string s)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length) { bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString())); continue; }
            var c = s[++i];
            if (i + 2 < s.Length && IsOctal(c) && IsOctal(s[i + 1]) && IsOctal(s[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(s.Substring(i, 3), 8));
                i += 2;
                continue;
            }
            bytes.Add((byte)(c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => c }));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
