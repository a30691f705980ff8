using System.Security.Cryptography;

namespace Readiness.Core.Checks.Backup;

/// <summary>SHA-256 of files and folders (a folder's hash covers every file's relative path and content).</summary>
public static class Checksums
{
    public static async Task<string> OfAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path)) return await FileAsync(path, cancellationToken).ConfigureAwait(false);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(path, file).Replace('\\', '/') + "\n"));
            sha.AppendData(Convert.FromHexString(await FileAsync(file, cancellationToken).ConfigureAwait(false)));
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    public static async Task<string> FileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
    }

    /// <summary>Reads a <c>sha256sum</c>-style manifest: "HASH  relative/path" per line.</summary>
    public static IReadOnlyList<(string Hash, string Path)> ReadManifest(string manifestPath)
    {
        var list = new List<(string, string)>();
        var n = 0;
        foreach (var line in File.ReadLines(manifestPath))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#')) continue;
            var parts = line.Split(new[] { ' ', '\t' }, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0].Length != 64) throw new InvalidDataException($"{manifestPath}:{n}: expected 'SHA256  path'.");
            list.Add((parts[0].ToLowerInvariant(), parts[1].Trim().TrimStart('*')));
        }
        return list;
    }
}
