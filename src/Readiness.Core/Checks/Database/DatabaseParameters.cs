using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

public enum DatabaseAssert
{
    Connectivity, ForeignKeyIndexes, Pool, QueryPerformance, Ssl, AuditImmutable, MigrationsIdempotent, MigrationsRollback,
}

public sealed record DatabaseParameters
{
    [CheckParameter("assert")] public DatabaseAssert Assert { get; init; } = DatabaseAssert.Connectivity;
    [CheckParameter("host")] public string Host { get; init; } = "127.0.0.1";
    [CheckParameter("port", Min = 1, Max = 65535)] public int Port { get; init; } = 5432;
    [CheckParameter("user")] public string? User { get; init; }
    [CheckParameter("database")] public string Database { get; init; } = "postgres";
    /// <summary>Name of the environment variable holding the password; the password itself never enters the checklist.</summary>
    [CheckParameter("passwordVariable")] public string? PasswordVariable { get; init; }
    /// <summary>Name of the environment variable holding a whole Npgsql connection string.</summary>
    [CheckParameter("connectionStringVariable")] public string? ConnectionStringVariable { get; init; }

    // pool
    [CheckParameter("pgbouncerIni")] public string? PgbouncerIni { get; init; }
    [CheckParameter("poolMax", Min = 1)] public int? PoolMax { get; init; }
    // foreign-key-indexes
    [CheckParameter("exclude")] public IReadOnlyList<string> Exclude { get; init; } = [];

    // query-performance
    [CheckParameter("maxMeanMs", Min = 0)] public double MaxMeanMs { get; init; } = 100;
    [CheckParameter("minCalls", Min = 1)] public long MinCalls { get; init; } = 5;
    [CheckParameter("queries")] public IReadOnlyList<string> Queries { get; init; } = [];
    [CheckParameter("maxSeqScanRows", Min = 0)] public long MaxSeqScanRows { get; init; } = 10_000;

    // ssl: the application's connection string, read from its environment file
    [CheckParameter("appEnvFile")] public string? AppEnvFile { get; init; }
    [CheckParameter("appConnectionName")] public string AppConnectionName { get; init; } = "DATABASE_URL";

    // audit-immutable
    [CheckParameter("tables")] public IReadOnlyList<string> Tables { get; init; } = [];
    [CheckParameter("role")] public string? Role { get; init; }

    // migrations-idempotent, migrations-rollback
    [CheckParameter("migrations")] public string? Migrations { get; init; }
    [CheckParameter("rollbackDoc")] public string? RollbackDoc { get; init; }
    [CheckParameter("maintenanceDatabase")] public string MaintenanceDatabase { get; init; } = "postgres";
}
