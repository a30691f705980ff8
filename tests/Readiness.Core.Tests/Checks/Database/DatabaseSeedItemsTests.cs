using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Database;

/// <summary>
/// The auth-service database items (query performance, TLS, immutable audit log, idempotent and reversible migrations)
/// against a real PostgreSQL: the shipped items on a database built from the sample's migrations, and misconfigured
/// copies that fail them.
/// </summary>
public sealed class DatabaseSeedItemsTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _pg;

    public DatabaseSeedItemsTests(PostgresServer pg)
    {
        _pg = pg;
        if (_pg.Psql("select count(*) from pg_database where datname = 'auth'") != "0") return;
        _pg.Psql("create database auth");
        _pg.Psql("create role auth nologin");
        foreach (var up in Directory.GetFiles(SampleMigrations, "*.up.sql").Order(StringComparer.Ordinal))
            _pg.Psql(File.ReadAllText(up), "auth");
        _pg.Psql("""
            grant select, insert, update, delete on all tables in schema public to auth;
            insert into users (email, password_hash) select 'u' || g || '@example.com', 'x' from generate_series(1, 20000) g;
            insert into audit_log (type, actor) values ('login.succeeded', 'u-1');
            analyze;
            """, "auth");
    }

    private static string SampleMigrations => Path.Combine(RepoFiles.Root, "samples", "auth-service", "migrations");

    private Dictionary<string, string> Variables() => new()
    {
        ["dbHost"] = _pg.Host, ["dbPort"] = _pg.Port.ToString(), ["dbUser"] = _pg.User, ["dbName"] = "auth",
    };

    private string? Env(string name) => name == "AUTH_DB_PASSWORD" ? _pg.Password : null;

    /// <summary>A run of an auth-service item against the test server: its variables, the password in AUTH_DB_PASSWORD.</summary>
    private CheckRun AuthService(Func<string, string?>? env = null, Dictionary<string, string>? variables = null) =>
        new() { Variables = variables ?? Variables(), EnvironmentLookup = env ?? Env, Timeout = TimeSpan.FromSeconds(30) };

    private Task<CheckResult> Run(Dictionary<string, object?> parameters)
    {
        parameters["host"] = _pg.Host;
        parameters["port"] = (long)_pg.Port;
        parameters["user"] = _pg.User;
        parameters.TryAdd("database", "auth");
        parameters["passwordVariable"] = "PGPASS";
        return CheckHarness.RunCheckAsync("database", parameters, new CheckRun
        {
            Id = "db", Section = "s", EnvironmentLookup = n => n == "PGPASS" ? _pg.Password : null, Timeout = TimeSpan.FromSeconds(30),
        });
    }

    private List<string> ScratchDatabases() =>
        _pg.Psql("select datname from pg_database where datname like 'readiness_scratch_%'").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    [Fact]
    public async Task Without_the_password_variable_the_database_items_are_Skipped_naming_it()
    {
        foreach (var id in new[] { "database.query-performance", "audit-logging.immutable", "migrations.idempotent" })
        {
            var result = Assert.Single(await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", id, AuthService(_ => null)));
            Assert.Equal(CheckStatus.Skipped, result.Status);
            Assert.Contains("AUTH_DB_PASSWORD is not set", result.Message);
        }
    }

    [Fact]
    public async Task Query_performance_fails_on_a_sequential_scan_over_a_large_table_and_passes_with_the_index()
    {
        var slow = await Run(new() { ["assert"] = "query-performance", ["queries"] = new List<object?> { "select id from users where password_hash = 'y'" } });
        Assert.Equal(CheckStatus.Failed, slow.Status);
        Assert.Contains("scans users sequentially (20000 rows, limit 10000)", slow.Message);

        var shipped = Assert.Single(await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", "database.query-performance", AuthService()));
        Assert.True(shipped.Status == CheckStatus.Passed, shipped.Message);
        Assert.Contains("pg_stat_statements is not available", shipped.Message);

        var nothing = await Run(new() { ["assert"] = "query-performance" });
        Assert.Equal(CheckStatus.Failed, nothing.Status);
        Assert.Contains("pg_stat_statements is not available", nothing.Message);
    }

    [Fact]
    public async Task A_listed_query_cannot_change_the_database()
    {
        var result = await Run(new() { ["assert"] = "query-performance", ["queries"] = new List<object?> { "delete from users" } });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("20000", _pg.Psql("select count(*) from users", "auth"));
    }

    [Fact]
    public async Task The_audit_log_is_immutable_when_a_trigger_refuses_and_mutable_when_only_privileges_stand_in_the_way()
    {
        var shipped = Assert.Single(await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", "audit-logging.immutable", AuthService()));
        Assert.True(shipped.Status == CheckStatus.Passed, shipped.Message);
        Assert.Contains("every attempt was refused", shipped.Message);

        _pg.Psql("create table if not exists audit_plain (id int, type text); insert into audit_plain values (1, 'x'); grant select, update, delete on audit_plain to auth;", "auth");
        var plain = await Run(new() { ["assert"] = "audit-immutable", ["tables"] = new List<object?> { "audit_plain" }, ["role"] = "auth" });
        Assert.Equal(CheckStatus.Failed, plain.Status);
        Assert.Contains("auth can UPDATE, DELETE audit_plain and nothing refuses it", plain.Message);
        Assert.Equal("1", _pg.Psql("select count(*) from audit_plain where type = 'x'", "auth"));

        _pg.Psql("revoke update, delete on audit_plain from auth;", "auth");
        var revoked = await Run(new() { ["assert"] = "audit-immutable", ["tables"] = new List<object?> { "audit_plain" }, ["role"] = "auth" });
        Assert.Equal(CheckStatus.Passed, revoked.Status);
        Assert.Contains("auth holds no UPDATE, DELETE or TRUNCATE", revoked.Message);
        Assert.Equal("1", _pg.Psql("select count(*) from audit_log", "auth"));
    }

    [Fact]
    public async Task The_database_leg_of_PII_in_transit_fails_without_ssl_and_without_sslmode_and_passes_with_both()
    {
        var flawed = await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", "data-protection.pii-encrypted-in-transit", AuthService());
        var client = flawed.Single(r => r.Id.EndsWith(".client-sslmode"));
        Assert.Equal(CheckStatus.Failed, client.Status);
        Assert.Contains("DATABASE_URL in .env sets no sslmode", client.Message);
        var server = flawed.Single(r => r.Id.EndsWith(".server-ssl"));
        Assert.Equal(CheckStatus.Failed, server.Status);
        Assert.Contains("has ssl = off", server.Message);

        // Server side: a certificate and ssl = on, reloaded without a restart.
        var folder = TempFolder.Create("readiness-pgssl-");
        try
        {
            Assert.Equal(0, Tools.Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-keyout", Path.Combine(_pg.DataDirectory, "server.key"), "-out", Path.Combine(_pg.DataDirectory, "server.crt")).ExitCode);
            Tools.Run("chown", "postgres:postgres", Path.Combine(_pg.DataDirectory, "server.key"), Path.Combine(_pg.DataDirectory, "server.crt"));
            Tools.Run("chmod", "600", Path.Combine(_pg.DataDirectory, "server.key"));
            _pg.Psql("alter system set ssl = on");
            _pg.Psql("select pg_reload_conf()");
            await Task.Delay(500);
            var env = Path.Combine(folder, ".env");
            File.WriteAllText(env, "DATABASE_URL=postgresql://auth@db.internal:5432/auth?sslmode=verify-full\n");
            var vars = Variables();
            vars["envFile"] = env;
            var ready = await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", "data-protection.pii-encrypted-in-transit", AuthService(variables: vars));
            Assert.All(ready, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Id}: {r.Message}"));
            Assert.Contains("sslmode=verify-full", ready.Single(r => r.Id.EndsWith(".client-sslmode")).Message);
            Assert.Contains("encrypted this connection (TLSv1.", ready.Single(r => r.Id.EndsWith(".server-ssl")).Message);
        }
        finally
        {
            _pg.Psql("alter system reset ssl");
            _pg.Psql("select pg_reload_conf()");
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task The_sample_migrations_are_idempotent_and_reversible_and_the_scratch_database_is_always_dropped()
    {
        var idempotent = Assert.Single(await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", "migrations.idempotent", AuthService()));
        Assert.True(idempotent.Status == CheckStatus.Passed, idempotent.Message);
        Assert.Contains("applied twice", idempotent.Message);
        var rollback = Assert.Single(await CheckHarness.RunShippedItemResultsAsync("auth-service.yaml", "migrations.rollback-plan", AuthService()));
        Assert.True(rollback.Status == CheckStatus.Passed, rollback.Message);
        Assert.Contains("3 down script(s), newest first, each restored the schema", rollback.Message);
        Assert.Empty(ScratchDatabases());
    }

    [Fact]
    public async Task A_migration_that_fails_when_run_again_or_a_down_that_leaves_an_index_behind_fails()
    {
        var folder = TempFolder.Create("readiness-migrations-");
        try
        {
            File.WriteAllText(Path.Combine(folder, "0001_accounts.up.sql"), "CREATE TABLE accounts (id int PRIMARY KEY, email text);");
            File.WriteAllText(Path.Combine(folder, "0001_accounts.down.sql"), "DROP TABLE accounts;");
            File.WriteAllText(Path.Combine(folder, "0002_email_index.up.sql"), "CREATE INDEX IF NOT EXISTS accounts_email_idx ON accounts (email);");
            File.WriteAllText(Path.Combine(folder, "0002_email_index.down.sql"), "SELECT 1;");
            var twice = await Run(new() { ["assert"] = "migrations-idempotent", ["migrations"] = folder });
            Assert.Equal(CheckStatus.Failed, twice.Status);
            Assert.Contains("0001_accounts is not idempotent: applied a second time it fails with: relation \"accounts\" already exists", twice.Message);

            var back = await Run(new() { ["assert"] = "migrations-rollback", ["migrations"] = folder });
            Assert.Equal(CheckStatus.Failed, back.Status);
            Assert.Contains("The down script of 0002_email_index does not restore the schema it started from: + index CREATE INDEX accounts_email_idx", back.Message);

            File.Delete(Path.Combine(folder, "0002_email_index.down.sql"));
            var plan = await Run(new() { ["assert"] = "migrations-rollback", ["migrations"] = folder });
            Assert.Equal(CheckStatus.Failed, plan.Status);
            Assert.Contains("1 of 2 migration(s) have no down script and no documented rollback: 0002_email_index", plan.Message);
            Assert.Empty(ScratchDatabases());
        }
        finally { TempFolder.Delete(folder); }
    }
}
