using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Database;

public sealed class DatabaseCheckTests : IClassFixture<PostgresServer>
{
    private readonly PostgresServer _pg;

    public DatabaseCheckTests(PostgresServer pg)
    {
        _pg = pg;
        if (_pg.Psql("select count(*) from pg_database where datname = 'fkdemo'") == "0")
        {
            _pg.Psql("create database fkdemo");
            _pg.Psql("""
                create table tenants (id int primary key);
                create table users (id int primary key, tenant_id int references tenants(id));
                create index on users (tenant_id);
                create table sessions (id int primary key, user_id int references users(id), tenant_id int references tenants(id));
                create index on sessions (tenant_id, id);
                """, "fkdemo");
        }
    }

    private Task<CheckResult> Run(Dictionary<string, object?> parameters, Func<string, string?>? env = null)
    {
        return CheckHarness.RunCheckAsync("database", parameters, new CheckRun
        {
            Id = "db", Section = "2.3 Database", EnvironmentLookup = env ?? (n => n == "PGPASS" ? _pg.Password : null), Timeout = TimeSpan.FromSeconds(10),
        });
    }

    private Dictionary<string, object?> Server(string assert, string database = "fkdemo") => new()
    {
        ["assert"] = assert, ["host"] = _pg.Host, ["port"] = (long)_pg.Port, ["user"] = _pg.User, ["database"] = database, ["passwordVariable"] = "PGPASS",
    };

    [Fact]
    public async Task Exactly_the_one_unindexed_foreign_key_is_reported()
    {
        var result = await Run(Server("foreign-key-indexes"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("1 foreign key(s) have no supporting index: sessions(user_id) [sessions_user_id_fkey]", result.Message);
        Assert.Equal("1", result.Evidence["unindexedForeignKeys"]);
    }

    [Fact]
    public async Task Connectivity_passes_and_a_wrong_password_says_authentication_without_the_password()
    {
        var ok = await Run(Server("connectivity"));
        Assert.Equal(CheckStatus.Passed, ok.Status);
        Assert.Equal("60", ok.Evidence["maxConnections"]);
        var wrong = await Run(Server("connectivity"), n => n == "PGPASS" ? "not-the-password-123" : null);
        Assert.Equal(CheckStatus.Failed, wrong.Status);
        Assert.Contains("authentication failed", wrong.Message);
        Assert.DoesNotContain("not-the-password-123", wrong.Message + string.Join(" ", wrong.Evidence.Values));
    }

    [Fact]
    public async Task A_server_that_is_down_is_Error()
    {
        var parameters = Server("connectivity");
        parameters["port"] = (long)FreePort.Next();
        var result = await Run(parameters);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("could not be reached", result.Message);
    }

    [Fact]
    public async Task The_pool_maximum_is_read_from_the_connection_string_or_pgbouncer()
    {
        var cs = $"Host=db;Username=app;Password=pw-secret-value;Maximum Pool Size=50";
        var fromString = await Run(new() { ["assert"] = "pool", ["connectionStringVariable"] = "DB_URL", ["poolMax"] = 50L }, n => n == "DB_URL" ? cs : null);
        Assert.Equal(CheckStatus.Passed, fromString.Status);
        Assert.DoesNotContain("pw-secret-value", fromString.Message);
        var noMax = await Run(new() { ["assert"] = "pool", ["connectionStringVariable"] = "DB_URL", ["poolMax"] = 50L }, n => n == "DB_URL" ? "Host=db;Username=app" : null);
        Assert.Equal(CheckStatus.Failed, noMax.Status);
        Assert.Contains("No pool maximum", noMax.Message);

        var ini = Path.Combine(Path.GetTempPath(), $"pgbouncer-{Guid.NewGuid():N}.ini");
        File.WriteAllText(ini, "[databases]\napp = host=db\n[pgbouncer]\npool_mode = transaction\ndefault_pool_size = 20\n");
        var bouncer = await Run(new() { ["assert"] = "pool", ["pgbouncerIni"] = ini, ["poolMax"] = 50L });
        File.Delete(ini);
        Assert.Equal(CheckStatus.Failed, bouncer.Status);
        Assert.Contains("is 20, expected 50", bouncer.Message);
    }
}
