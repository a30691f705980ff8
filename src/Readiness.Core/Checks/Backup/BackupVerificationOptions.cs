using System.Text.Json;

namespace Readiness.Core.Checks.Backup;

public sealed record BackupVerificationOptions
{
    /// <summary>postgres, sqlite or files.</summary>
    public required string Backend { get; init; }
    public required string Pattern { get; init; }
    public required string BaseDirectory { get; init; }
    public string? OffsitePattern { get; init; }
    public TimeSpan? MaxAge { get; init; }
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Retention { get; init; }
    public bool DeletionRequired { get; init; }
    public bool Restore { get; init; } = true;
    public TimeSpan? RtoTarget { get; init; }
    /// <summary>Expected table row counts (JSON: {"tables": {"public.users": 120}}) or files' SHA-256 (sha256sum format).</summary>
    public string? ManifestPath { get; init; }
    /// <summary>PostgreSQL: compare with this live database instead of a manifest.</summary>
    public string? CompareWithDatabase { get; init; }
    public IReadOnlyList<(string Sql, string Expect)> Queries { get; init; } = Array.Empty<(string, string)>();
    public PostgresServerOptions? Server { get; init; }
    public bool KeepScratch { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>Where scratch PostgreSQL databases are created. The password comes from an environment variable, never an argument.</summary>
public sealed class PostgresServerOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 5432;
    public required string User { get; init; }
    public string? Password { get; init; }
    public string MaintenanceDatabase { get; init; } = "postgres";

    public string ConnectionString(string database) => new Npgsql.NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = User, Password = Password, Database = database, Timeout = 10, Pooling = false,
    }.ConnectionString;

    public Dictionary<string, string?> ToolEnvironment() => Password is null ? new() : new() { ["PGPASSWORD"] = Password };
}

public static class RowManifest
{
    /// <summary>Reads {"tables": {"schema.table": rows}}.</summary>
    public static Dictionary<string, long> Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: expected {{\"tables\": {{\"schema.table\": rows}}}}.");
            return tables.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        }
        catch (JsonException ex) { throw new InvalidDataException($"{path}: not JSON ({ex.Message})."); }
    }

    public static IEnumerable<string> Compare(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long> actual)
    {
        foreach (var (table, rows) in expected.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(table, out var got)) yield return $"table {table} is missing from the restore";
            else if (got != rows) yield return $"table {table} has {got} rows, expected {rows}";
        }
    }
}
