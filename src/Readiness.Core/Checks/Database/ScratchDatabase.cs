using Npgsql;
using Readiness.Core.Checks.Backup;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// An empty database created for one check on the target's server, made and marked like the backup check's restores
/// (<see cref="ScratchDatabases"/>: readiness_scratch_*, owner in a comment, orphans of killed runs dropped first),
/// and dropped in every case, also on failure and cancellation.
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
    /// <summary>What was found of earlier runs' scratch databases before this one was made: dropped or left, and why.</summary>
    public IReadOnlyList<string> SweptScratch { get; private init; } = [];
    /// <summary>Set when the drop failed: the name to drop by hand.</summary>
    public string? CleanupWarning { get; private set; }

    public static async Task<ScratchDatabase> CreateAsync(PostgresTarget target, string maintenanceDatabase, CancellationToken cancellationToken)
    {
        var maintenance = target.ConnectionStringFor(maintenanceDatabase);
        var swept = await ScratchDatabases.SweepOrphansAsync(maintenance, cancellationToken).ConfigureAwait(false);
        var name = ScratchDatabases.NewName();
        await ScratchDatabases.CreateAsync(maintenance, name, cancellationToken).ConfigureAwait(false);
        return new ScratchDatabase(target, maintenanceDatabase, name) { SweptScratch = swept };
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
            await ScratchDatabases.DropAsync(_target.ConnectionStringFor(_maintenance), Name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) { CleanupWarning = $"The scratch database {Name} could not be dropped: {ex.Message}. Drop it by hand."; }
    }
}
