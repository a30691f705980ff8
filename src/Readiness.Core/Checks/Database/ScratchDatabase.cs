using Npgsql;
using Readiness.Core.Checks.Backup;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// An empty database created for one check on the target's server, named like the backup check's restores
/// (readiness_scratch_*), and dropped in every case, also on failure and cancellation.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly PostgresTarget _target;
    private readonly string _maintenance;

    private ScratchDatabase(PostgresTarget target, string maintenance, string name)
    {
        _target = target;
        _maintenance = maintenance;
        Name = name;
    }

    public string Name { get; }
    /// <summary>Set when the drop failed: the name to drop by hand.</summary>
    public string? CleanupWarning { get; private set; }

    public static async Task<ScratchDatabase> CreateAsync(PostgresTarget target, string maintenanceDatabase, CancellationToken cancellationToken)
    {
        var name = PostgresRestorer.ScratchPrefix + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(target.ConnectionStringFor(maintenanceDatabase));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new ScratchDatabase(target, maintenanceDatabase, name);
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_target.ConnectionStringFor(Name));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Dropped even when the caller cancelled: a scratch database must not outlive the check.
            await using var connection = new NpgsqlConnection(_target.ConnectionStringFor(_maintenance));
            await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await cmd.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) { CleanupWarning = $"The scratch database {Name} could not be dropped: {ex.Message}. Drop it by hand."; }
    }
}
