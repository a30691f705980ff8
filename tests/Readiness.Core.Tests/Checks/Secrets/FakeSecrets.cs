using System.Diagnostics;

namespace Readiness.Core.Tests.Checks.Secrets;

/// <summary>
/// Format-valid but fake credentials, built at run time from a seeded generator and split prefixes, so this repository
/// never contains a string that looks like a live secret (and its own history scan stays clean).
/// </summary>
internal static class FakeSecrets
{
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lower = "abcdefghijklmnopqrstuvwxyz";
    public const string Digits = "0123456789";
    public const string Alnum = Upper + Lower + Digits;
    public const string HexChars = "0123456789abcdef";

    public static string Of(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    public static string A(int length, int seed = 1) => Of(Alnum, length, seed);
    public static string Hex(int length, int seed = 2) => Of(HexChars, length, seed);
    public static string D(int length, int seed = 3) => "1" + Of(Digits, length - 1, seed);

    /// <summary>A format-valid AWS key id (base32 body) from the seeded generator.</summary>
    public static string AwsKeyId => "AKIA" + Of(Upper + "234567", 16, 4);
    /// <summary>The key id of the AWS documentation: format-valid, published, never live, so never a finding.</summary>
    public static string AwsDocumentationKeyId => "AKIA" + "IOSFODNN7EXAMPLE";
    public static string Base62 => Alnum;
    public static string GitHubToken(int seed = 7) => "gh" + "p_" + A(36, seed);
    public static string StripeLive(int seed = 8) => "sk" + "_live_" + A(24, seed);
    public static string PemHeader => "-----BEGIN " + "RSA PRIVATE KEY-----";
}

/// <summary>Runs git in a test repository with a fixed identity and dates so commits are reproducible.</summary>
internal sealed class TestRepo(string path)
{
    public string Path { get; } = path;
    private int _day;

    public static TestRepo Init(string path)
    {
        var repo = new TestRepo(path);
        repo.Git("init", "-q", "-b", "main");
        repo.Git("config", "commit.gpgsign", "false");
        return repo;
    }

    public string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var date = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(_day).ToString("yyyy-MM-ddTHH:mm:ssK");
        psi.Environment["GIT_AUTHOR_NAME"] = psi.Environment["GIT_COMMITTER_NAME"] = "Test";
        psi.Environment["GIT_AUTHOR_EMAIL"] = psi.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        psi.Environment["GIT_AUTHOR_DATE"] = psi.Environment["GIT_COMMITTER_DATE"] = date;
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output.Trim();
    }

    public void Write(string file, string content)
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Commits everything on a new day and returns the commit id.</summary>
    public string Commit(string message)
    {
        _day++;
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD");
    }
}
