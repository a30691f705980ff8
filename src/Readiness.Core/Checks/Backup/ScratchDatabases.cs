using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Readiness.Core.Checks.Backup;

/// <summary>The owner recorded on a scratch database: which process on which host made it, and when that process started.</summary>
public sealed record ScratchOwner(string Host, int ProcessId, DateTimeOffset ProcessStart)
{
    private const string Prefix = "readiness scratch; ";

    public static ScratchOwner Current()
    {
        using var self = Process.GetCurrentProcess();
        return new(Environment.MachineName, self.Id, new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero));
    }

    public string ToComment() =>
        $"{Prefix}host={Host}; pid={ProcessId.ToString(CultureInfo.InvariantCulture)}; started={ProcessStart.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}";

    public static ScratchOwner? Parse(string? comment)
    {
        if (comment is null || !comment.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var fields = comment[Prefix.Length..].Split("; ").Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        return fields.TryGetValue("host", out var host)
               && fields.TryGetValue("pid", out var pidText) && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && fields.TryGetValue("started", out var startText)
               && DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started)
            ? new ScratchOwner(host, pid, started)
            : null;
    }

    /// <summary>
    /// Gone means: this host, and no process with that id, or one that started at another time (the id was reused).
    /// Another host's owner cannot be judged from here, so it is never called gone.
    /// </summary>
    public bool IsGone()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            var start = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
            return Math.Abs((start - ProcessStart).TotalSeconds) > 1;
        }
        catch (ArgumentException) { return true; }
        catch (InvalidOperationException) { return true; }
    }
}

/// <summary>
/// Scratch databases (readiness_scratch_*) carry their owner in a database comment, so a run killed before it could
/// drop its scratch database (SIGKILL, a lost machine) leaves something the next run can recognise and remove.
/// </summary>
public static class ScratchDatabases
{
    public const string Prefix = "readiness_scratch_";

    public static string NewName() => Prefix + Guid.NewGuid().ToString("N")[..12];

    /// <param name="maintenanceConnection">A connection string to the server's maintenance database (postgres).</param>
    public static async Task CreateAsync(string maintenanceConnection, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(maintenanceConnection);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, $"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);
        // A database that exists without its marker would look ownerless to the next run; so the comment goes on at once.
        await Execute(connection, $"COMMENT ON DATABASE \"{name}\" IS '{ScratchOwner.Current().ToComment().Replace("'", "''")}'", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Drops the database and ends any session still on it.</summary>
    public static async Task DropAsync(string maintenanceConnection, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(maintenanceConnection);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the scratch databases whose owner process is gone and returns one sentence per database it dropped or
    /// had to leave (another host's, or one without a marker), for the run's evidence.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SweepOrphansAsync(string maintenanceConnection, CancellationToken cancellationToken)
    {
        var found = new List<(string Name, string? Comment)>();
        await using (var connection = new NpgsqlConnection(maintenanceConnection))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var list = new NpgsqlCommand(
                "select datname, shobj_description(oid, 'pg_database') from pg_database where datname like 'readiness\\_scratch\\_%' order by 1", connection);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                found.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        var notes = new List<string>();
        foreach (var (name, comment) in found)
        {
            var owner = ScratchOwner.Parse(comment);
            if (owner is null)
                notes.Add($"left {name}: it has no owner marker, so it may belong to a run in progress");
            else if (!owner.IsGone())
                notes.Add($"left {name}: its owner (pid {owner.ProcessId} on {owner.Host}) is still running or on another host");
            else
            {
                await DropAsync(maintenanceConnection, name, cancellationToken).ConfigureAwait(false);
                notes.Add($"dropped {name}, left behind by pid {owner.ProcessId} on {owner.Host} (started {owner.ProcessStart.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC), which is gone");
            }
        }
        return notes;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
