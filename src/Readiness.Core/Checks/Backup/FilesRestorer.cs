using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Readiness.Core.Checks.Backup;

/// <summary>
/// Restores an artifact store backup (a folder or a .tar.gz) into a scratch folder and checks every file against
/// its SHA-256 manifest (<c>SHA256SUMS</c> inside the backup, or the manifest parameter).
/// </summary>
public sealed class FilesRestorer : IBackupRestorer
{
    public const string DefaultManifest = "SHA256SUMS";

    public async Task<RestoreOutcome> RestoreAndVerifyAsync(BackupFile backup, BackupVerificationOptions options, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "readiness-scratch-" + Guid.NewGuid().ToString("N")[..12]);
        var outcome = new RestoreOutcome { Scratch = scratch };
        try
        {
            Directory.CreateDirectory(scratch);
            var clock = Stopwatch.StartNew();
            try
            {
                if (Directory.Exists(backup.Path)) Copy(backup.Path, scratch);
                else
                {
                    await using var file = File.OpenRead(backup.Path);
                    await using var gzip = new GZipStream(file, CompressionMode.Decompress);
                    await TarFile.ExtractToDirectoryAsync(gzip, scratch, overwriteFiles: false, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException)
            {
                outcome.RestoreError = $"{backup.Name} could not be extracted: {ex.Message}";
                return outcome;
            }
            outcome.RestoreDuration = clock.Elapsed;
            outcome.Restored = true;

            var manifest = options.ManifestPath ?? Path.Combine(scratch, DefaultManifest);
            if (!File.Exists(manifest)) { outcome.VerificationProblems.Add($"no checksum manifest ({DefaultManifest}) in {backup.Name}"); return outcome; }
            foreach (var (hash, relative) in Checksums.ReadManifest(manifest))
            {
                var path = Path.GetFullPath(Path.Combine(scratch, relative));
                if (!path.StartsWith(scratch, StringComparison.Ordinal) || !File.Exists(path)) { outcome.VerificationProblems.Add($"{relative} is missing"); continue; }
                outcome.FilesVerified++;
                if (await Checksums.FileAsync(path, cancellationToken).ConfigureAwait(false) != hash) outcome.VerificationProblems.Add($"{relative} does not match its SHA-256");
            }
            return outcome;
        }
        finally
        {
            SqliteRestorer.Cleanup(scratch, options, outcome);
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
