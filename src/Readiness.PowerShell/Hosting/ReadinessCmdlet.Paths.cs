using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Readiness.PowerShell.Hosting;

public abstract partial class ReadinessCmdlet
{
    /// <summary>
    /// Turns -Path (wildcards) or -LiteralPath values into existing file-system paths through PowerShell's providers,
    /// so they resolve against the session's location (not the process's) and `./x/*.yaml` works as in Get-Item.
    /// A path that matches nothing is a non-terminating PathNotFound error and the others go on, as in Get-Content.
    /// </summary>
    protected List<string> ResolveInputPaths(IEnumerable<string> paths, bool literal)
    {
        var result = new List<string>();
        foreach (var path in paths)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                if (ResolveLiteral(path) is { } full) result.Add(full);
                continue;
            }
            Collection<string> matches;
            ProviderInfo provider;
            try { matches = GetResolvedProviderPathFromPSPath(path, out provider); }
            catch (ItemNotFoundException) { matches = new Collection<string>(); provider = null!; }
            catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
                continue;
            }
            if (matches.Count == 0)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because no file matches it."), "PathNotFound", ErrorCategory.ObjectNotFound, path));
                continue;
            }
            if (!IsFileSystem(provider, path)) continue;
            result.AddRange(matches);
        }
        return result;
    }

    /// <summary>One path parameter that must name an existing file or folder; null after writing the error.</summary>
    protected string? ResolveExistingPath(string path, bool literal = false)
    {
        var matches = ResolveInputPaths(new[] { path }, literal);
        if (matches.Count <= 1) return matches.FirstOrDefault();
        WriteError(new ErrorRecord(new ArgumentException($"'{path}' matches {matches.Count} files; give one file (or use -LiteralPath)."),
            "PathAmbiguous", ErrorCategory.InvalidArgument, path));
        return null;
    }

    private string? ResolveLiteral(string path)
    {
        string full;
        ProviderInfo provider;
        try { full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _); }
        catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            return null;
        }
        if (!IsFileSystem(provider, path)) return null;
        if (File.Exists(full) || Directory.Exists(full)) return full;
        WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{full}' because it does not exist."), "PathNotFound", ErrorCategory.ObjectNotFound, path));
        return null;
    }

    private bool IsFileSystem(ProviderInfo provider, string path)
    {
        if (provider.Name == "FileSystem") return true;
        WriteError(new ErrorRecord(new ArgumentException($"'{path}' is a {provider.Name} path; Readiness reads files, so give a file-system path."),
            "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
        return false;
    }
}
