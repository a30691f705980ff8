namespace Readiness.Core.Tests.Fixtures;

/// <summary>
/// A real PostgreSQL cluster in a temp folder, run as the postgres user (it refuses root), on 127.0.0.1 and a free
/// port, with password authentication for user <see cref="User"/>. Share one per test class with IClassFixture.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private ServerProcess? _process;
    public string DataDirectory { get; private set; } = "";
    public int Port { get; private set; }
    public string User => "readiness";
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..16];
    public string Host => "127.0.0.1";

    public string ConnectionString(string database = "postgres") =>
        $"Host={Host};Port={Port};Username={User};Password={Password};Database={database};Timeout=5;Pooling=false";

    public async Task InitializeAsync()
    {
        var root = TempFolder.Create("readiness-pg-");
        Tools.Run("chmod", "755", root);
        DataDirectory = Path.Combine(root, "data");
        Directory.CreateDirectory(DataDirectory);
        Tools.Run("chown", "-R", "postgres:postgres", root);
        var pwFile = Path.Combine(root, "pw");
        File.WriteAllText(pwFile, Password);
        Tools.Run("chown", "postgres:postgres", pwFile);
        var init = Tools.Run("runuser", "-u", "postgres", "--", Tools.PostgresBin("initdb"), "-D", DataDirectory,
            "-U", User, "--pwfile", pwFile, "-A", "scram-sha-256", "--no-sync", "-E", "UTF8", "--locale", "C");
        if (init.ExitCode != 0) throw new InvalidOperationException("initdb failed: " + init.Output);
        Port = FreePort.Next();
        _process = ServerProcess.Start(Tools.PostgresBin("postgres"), new[]
        {
            "-D", DataDirectory, "-p", Port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={root}",
            "-c", "fsync=off", "-c", "max_connections=60",
        }, () => TempFolder.Delete(root), user: "postgres");
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => _process.Output);
        await Task.Delay(200);
    }

    /// <summary>Runs psql as the test user; throws with psql's output on failure.</summary>
    public string Psql(string sql, string database = "postgres")
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Tools.PostgresBin("psql"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-h", Host, "-p", Port.ToString(), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql })
            psi.ArgumentList.Add(a);
        psi.Environment["PGPASSWORD"] = Password;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"psql failed: {output}");
        return output.Trim();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
