using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.OpenApi;

/// <summary>A real ASP.NET Core service on 127.0.0.1 checked against specs that match it, overclaim, or are broken.</summary>
public sealed class OpenApiCheckTests : IAsyncLifetime
{
    private WebApplication? _app;
    private string _baseUrl = "";
    private readonly string _dir = TempFolder.Create();

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/users", () => Results.Json(new[] { new { id = 1 } }));
        _app.MapGet("/users/{id:int}", (int id) => id == 42 ? Results.Json(new { id }) : Results.NotFound(new { error = "no such user" }));
        _app.MapPost("/users", () => Results.Created("/users/2", new { id = 2 }));
        _app.MapGet("/admin/debug", () => "internal");
        _app.MapGet("/routes", () => Results.Json(new[] { "GET /users", "GET /users/{id}", "POST /users", "GET /admin/debug" }));
        await _app.StartAsync();
        _baseUrl = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        TempFolder.Delete(_dir);
    }

    private const string MatchingSpec = """
        openapi: 3.0.3
        info: { title: Users, version: "1.0" }
        paths:
          /users:
            get:
              responses:
                "200": { description: ok }
                "401": { description: unauthorized }
                "500": { description: server error }
            post:
              responses:
                "201": { description: created }
                default: { description: error }
          /users/{id}:
            parameters:
              - { name: id, in: path, required: true, schema: { type: integer }, example: 42 }
            get:
              responses:
                "200": { description: ok }
                "404": { description: not found }
                "503": { description: unavailable }
        """;

    private async Task<CheckResult> Run(string spec, params (string, object?)[] extra)
    {
        File.WriteAllText(Path.Combine(_dir, "openapi.yaml"), spec);
        var parameters = new Dictionary<string, object?> { ["spec"] = "openapi.yaml", ["baseUrl"] = _baseUrl, ["aspect"] = "all" };
        foreach (var (k, v) in extra) parameters[k] = v;
        var item = new ChecklistItem { Id = "api", Section = "API Documentation", Title = "t", Check = new CheckSpec { Type = "openapi", Parameters = parameters } };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    [Fact]
    public async Task A_spec_that_matches_the_service_passes()
    {
        var result = await Run(MatchingSpec);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("3", result.Evidence["operations"]);
    }

    [Fact]
    public async Task A_documented_path_the_service_lacks_is_named()
    {
        var spec = MatchingSpec + """

              /orders:
                get:
                  responses:
                    "200": { description: ok }
                    default: { description: error }
            """;
        var result = await Run(spec);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("1 documented operations are missing", result.Message);
        Assert.Contains("GET /orders (404)", result.Message);
    }

    [Fact]
    public async Task An_invalid_spec_fails_with_the_parser_errors()
    {
        var result = await Run("openapi: 3.0.3\ninfo: { title: x }\npaths:\n  users:\n    get: 7\n");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("not a valid OpenAPI 3.x document", result.Message);
    }

    [Fact]
    public async Task Operations_without_error_responses_are_listed()
    {
        var spec = string.Join("\n", MatchingSpec.Split('\n').Where(l => !l.Contains("\"401\"") && !l.Contains("\"500\"")));
        var result = await Run(spec, ("aspect", "error-codes"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("GET /users", result.Message);
    }

    [Fact]
    public async Task Routes_the_spec_lacks_are_found_in_reverse()
    {
        var result = await Run(MatchingSpec, ("aspect", "routes"), ("routes", _baseUrl + "/routes"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("GET /admin/debug", result.Message);
    }

    [Fact]
    public async Task An_unknown_aspect_or_a_timeout_that_is_no_duration_is_the_binders_error()
    {
        var aspect = await Run(MatchingSpec, ("aspect", "schemas"));
        Assert.Equal(CheckStatus.Error, aspect.Status);
        Assert.Equal("Item 'api': parameter 'aspect' must be one of spec, error-codes, live, routes, or all.", aspect.Message);
        var timeout = await Run(MatchingSpec, ("timeout", "soon"));
        Assert.Equal("Item 'api': parameter 'timeout' must be a duration such as 30s, 5m, 2h or 7d.", timeout.Message);
    }

    [Fact]
    public async Task A_service_that_is_down_is_Error()
    {
        File.WriteAllText(Path.Combine(_dir, "openapi.yaml"), MatchingSpec);
        var item = new ChecklistItem { Id = "api", Section = "S", Title = "t", Check = new CheckSpec { Type = "openapi", Parameters = new() { ["spec"] = "openapi.yaml", ["baseUrl"] = $"http://127.0.0.1:{FreePort.Next()}", ["aspect"] = "live" } } };
        var result = await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("could not be reached", result.Message);
    }

    [Fact]
    public async Task An_item_naming_no_aspect_reports_each_aspect_under_the_checks_own_titles()
    {
        File.WriteAllText(Path.Combine(_dir, "spec.yaml"), MatchingSpec);
        var item = new ChecklistItem
        {
            Id = "api", Section = "API Documentation", Title = "API contract",
            Check = new CheckSpec { Type = "openapi", Parameters = new() { ["spec"] = "spec.yaml", ["baseUrl"] = _baseUrl, ["routes"] = _baseUrl + "/routes" } },
        };
        var results = await CheckHarness.RunItemResultsAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(new[] { "api.spec", "api.error-codes", "api.live", "api.routes" }, results.Select(r => r.Id));
        Assert.Equal(new[] { CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Failed }, results.Select(r => r.Status));
        Assert.Equal("OpenAPI document is valid", results[0].Title);
    }

    [Fact]
    public async Task An_invalid_spec_fails_the_spec_aspect_and_leaves_the_others_unchecked()
    {
        File.WriteAllText(Path.Combine(_dir, "spec.yaml"), "openapi: 3.0.3\ninfo: { title: x }\npaths:\n  users:\n    get: 7\n");
        var item = new ChecklistItem { Id = "api", Section = "S", Title = "t", Check = new CheckSpec { Type = "openapi", Parameters = new() { ["spec"] = "spec.yaml" } } };
        var results = await CheckHarness.RunItemResultsAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(new[] { CheckStatus.Failed, CheckStatus.Skipped }, results.Select(r => r.Status));
        Assert.Contains("is not a valid OpenAPI document", results[1].Message);
    }

    [Fact]
    public void Arbitrary_text_never_throws_from_the_spec_parser()
    {
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string>(text =>
        {
            var load = Readiness.Core.Checks.OpenApi.OpenApiSpec.Parse(text ?? "");
            return load.Errors.Count > 0 || load.Operations.Count >= 0;
        }));
    }
}
