namespace Readiness.Core.Tests.Fixtures;

/// <summary>The shared server fixtures start real servers and clean up after themselves.</summary>
public sealed class FixtureSmokeTests
{
    [Fact]
    public async Task Nginx_serves_and_its_folder_is_removed_on_dispose()
    {
        string prefix;
        await using (var nginx = await NginxServer.StartAsync("server { listen 127.0.0.1:{PORT}; root {ROOT}; location / { add_header X-Test yes; } }"))
        {
            prefix = nginx.Prefix;
            using var http = new HttpClient();
            var response = await http.GetAsync(nginx.Url("/index.html"));
            Assert.Equal("yes", response.Headers.GetValues("X-Test").Single());
        }
        Assert.False(Directory.Exists(prefix));
    }
}

public sealed class PostgresFixtureTests(PostgresServer pg) : IClassFixture<PostgresServer>
{
    [Fact]
    public void Postgres_accepts_the_test_user_with_its_password() =>
        Assert.Equal("1", pg.Psql("select 1"));
}
