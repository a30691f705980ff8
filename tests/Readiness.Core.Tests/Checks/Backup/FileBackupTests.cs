using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Readiness.Core.Checks.Backup;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Backup;

public sealed class FileBackupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    private string SqliteBackup(string name)
    {
        var path = Path.Combine(_dir, "sqlite", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var (code, output) = Tools.Run("sqlite3", path, "create table artifacts(id integer primary key, digest text); insert into artifacts(digest) values ('a'),('b'),('c');");
        Assert.True(code == 0, output);
        return path;
    }

    private string ArtifactArchive(string name, Action<string>? tamper = null)
    {
        var src = Path.Combine(_dir, "src-" + name);
        Directory.CreateDirectory(Path.Combine(src, "diffs"));
        File.WriteAllText(Path.Combine(src, "diffs", "a.diff"), "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n");
        File.WriteAllBytes(Path.Combine(src, "artifact.bin"), RandomNumberGenerator.GetBytes(4096));
        var sums = Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories)
            .Select(f => $"{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))).ToLowerInvariant()}  {Path.GetRelativePath(src, f)}").ToList();
        File.WriteAllLines(Path.Combine(src, "SHA256SUMS"), sums);
        tamper?.Invoke(src);
        var archive = Path.Combine(_dir, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            TarFile.CreateFromDirectory(src, gzip, includeBaseDirectory: false);
        return archive;
    }

    [Fact]
    public async Task A_good_sqlite_backup_passes_integrity_and_row_counts_and_a_broken_one_fails()
    {
        SqliteBackup("store-20261122.db");
        File.WriteAllText(Path.Combine(_dir, "rows.json"), """{"tables": {"artifacts": 3}}""");
        var options = new BackupVerificationOptions { Backend = "sqlite", Pattern = "sqlite/store-*.db", BaseDirectory = _dir, ManifestPath = Path.Combine(_dir, "rows.json"), Now = Now };
        var good = await BackupVerificationSteps.RunAsync(options, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, good.Steps.Single(s => s.Id == "backup.verification").Status);
        Assert.True(good.ScratchRemoved);
        Assert.False(Directory.Exists(good.Scratch));

        var path = SqliteBackup("store-20261123.db");
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var broken = await BackupVerificationSteps.RunAsync(options, NullHost.Instance, CancellationToken.None);
        var restore = broken.Steps.Single(s => s.Id == "backup.restore");
        Assert.Equal(CheckStatus.Failed, restore.Status);
        Assert.Contains("integrity_check failed on store-20261123.db", restore.Message);
        Assert.False(Directory.Exists(broken.Scratch));
    }

    [Fact]
    public async Task An_artifact_archive_verifies_and_a_flipped_byte_is_found_by_file()
    {
        ArtifactArchive("artifacts-20261122.tar.gz");
        var options = new BackupVerificationOptions { Backend = "files", Pattern = "artifacts/artifacts-*.tar.gz", BaseDirectory = _dir, Now = Now };
        var good = await BackupVerificationSteps.RunAsync(options, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, good.Steps.Single(s => s.Id == "backup.verification").Status);
        Assert.Equal(2, good.FilesVerified);

        ArtifactArchive("artifacts-20261123.tar.gz", src =>
        {
            var f = Path.Combine(src, "artifact.bin");
            var b = File.ReadAllBytes(f);
            b[100] ^= 0x01;
            File.WriteAllBytes(f, b);
        });
        var bad = await BackupVerificationSteps.RunAsync(options, NullHost.Instance, CancellationToken.None);
        var verification = bad.Steps.Single(s => s.Id == "backup.verification");
        Assert.Equal(CheckStatus.Failed, verification.Status);
        Assert.Contains("artifact.bin does not match its SHA-256", verification.Message);
        Assert.False(Directory.Exists(bad.Scratch));
    }

    [Fact]
    public async Task Retention_requires_coverage_and_deletion_when_asked()
    {
        var dir = Path.Combine(_dir, "ret");
        Directory.CreateDirectory(dir);
        foreach (var day in Enumerable.Range(0, 40)) File.WriteAllText(Path.Combine(dir, $"db-{Now.AddDays(-day):yyyyMMdd}T0100.dump"), "x");
        var options = new BackupVerificationOptions { Backend = "files", Pattern = "ret/db-*", BaseDirectory = _dir, Restore = false, Interval = TimeSpan.FromDays(1), Retention = TimeSpan.FromDays(30), Now = Now };
        var keep = await BackupVerificationSteps.RunAsync(options, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, keep.Steps.Single(s => s.Id == "backup.retention").Status);
        var delete = await BackupVerificationSteps.RunAsync(options with { DeletionRequired = true }, NullHost.Instance, CancellationToken.None);
        var retention = delete.Steps.Single(s => s.Id == "backup.retention");
        Assert.Equal(CheckStatus.Failed, retention.Status);
        Assert.Contains("should have been deleted", retention.Message);
        var tooShort = await BackupVerificationSteps.RunAsync(options with { Retention = TimeSpan.FromDays(60) }, NullHost.Instance, CancellationToken.None);
        Assert.Contains("the policy keeps 60 days", tooShort.Steps.Single(s => s.Id == "backup.retention").Message);
    }

    [Fact]
    public async Task No_backup_at_all_fails_discovery()
    {
        var result = await BackupVerificationSteps.RunAsync(new BackupVerificationOptions { Backend = "files", Pattern = "none/*.tar.gz", BaseDirectory = _dir }, NullHost.Instance, CancellationToken.None);
        Assert.Equal("backup.discovery", Assert.Single(result.Steps).Id);
        Assert.Equal(Decision.NoGo, result.Decision);
    }
}
