using Readiness.Core.Checks.Logs;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Logs;

public sealed class LogsCheckTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    // ASP.NET Core AddJsonConsole(IncludeScopes = true) output: the request id lives in Scopes.
    private const string AspNetCoreJson = """
        {"Timestamp":"2026-11-20T10:00:00.1234567Z","EventId":1,"LogLevel":"Information","Category":"Microsoft.AspNetCore.Hosting.Diagnostics","Message":"Request starting HTTP/1.1 GET http://api/health","State":{"Message":"Request starting","Method":"GET","Path":"/health"},"Scopes":[{"Message":"SpanId:1, TraceId:2","SpanId":"a1b2c3d4e5f60718","TraceId":"0af7651916cd43dd8448eb211c80319c"},{"Message":"ConnectionId:x","RequestId":"0HMVD:00000001","RequestPath":"/health"}]}
        {"Timestamp":"2026-11-20T10:00:00.2234567Z","EventId":2,"LogLevel":"Information","Category":"Microsoft.AspNetCore.Hosting.Diagnostics","Message":"Request finished in 3.2ms 200","State":{"ElapsedMilliseconds":3.2,"StatusCode":200},"Scopes":[{"RequestId":"0HMVD:00000001","RequestPath":"/health"}]}
        """;

    // Serilog CompactJsonFormatter output.
    private const string SerilogCompact = """
        {"@t":"2026-11-20T10:00:01.000Z","@mt":"HTTP {RequestMethod} {RequestPath} responded {StatusCode}","RequestMethod":"POST","RequestPath":"/login","StatusCode":401,"RequestId":"r-17","user":{"email":"j***@example.com","card":"****1234"}}
        {"@t":"2026-11-20T10:00:02.000Z","@mt":"Token issued","@l":"Information","subject":"u-42"}
        """;

    private async Task<CheckResult> Run(string content, string aspect, params (string, object?)[] extra)
    {
        var path = Path.Combine(_dir, "app.log");
        File.WriteAllText(path, content);
        var parameters = new Dictionary<string, object?> { ["path"] = path, ["aspect"] = aspect };
        foreach (var (k, v) in extra) parameters[k] = v;
        var item = new ChecklistItem { Id = "logs", Section = "Logging", Title = "t", Check = new CheckSpec { Type = "logs", Parameters = parameters } };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    [Fact]
    public async Task Clean_ASP_NET_Core_and_Serilog_logs_pass_every_aspect()
    {
        var result = await Run(AspNetCoreJson + "\n" + SerilogCompact, "all");
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("4", result.Evidence["lines"]);
        Assert.Equal("3", result.Evidence["requestLines"]);
    }

    [Fact]
    public async Task A_plain_text_line_in_the_middle_fails_json_naming_its_line()
    {
        var content = AspNetCoreJson + "\nUnhandled exception. System.InvalidOperationException: boom\n" + SerilogCompact;
        var result = await Run(content, "json");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("1 of 5 log lines are not JSON", result.Message);
        Assert.Contains("app.log:3", result.Message);
        Assert.Equal(3, result.Line);
    }

    [Fact]
    public async Task A_request_line_without_an_id_fails_request_id()
    {
        var content = SerilogCompact + "\n" + """{"@t":"2026-11-20T10:00:03Z","@mt":"HTTP GET /users","RequestMethod":"GET","RequestPath":"/users","StatusCode":200}""";
        var result = await Run(content, "request-id");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("1 of 2 request log lines have no request id", result.Message);
        Assert.Contains("app.log:3", result.Message);
    }

    [Fact]
    public async Task Debug_lines_fail_the_level_aspect()
    {
        var content = SerilogCompact + "\n" + """{"@t":"2026-11-20T10:00:04Z","@mt":"cache miss","@l":"Debug"}""";
        var result = await Run(content, "level");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("debug", result.Message);
    }

    [Fact]
    public async Task PII_in_a_nested_field_is_found_by_field_and_line_without_the_value()
    {
        var email = "jane.doe" + "@example.com";
        var card = "4111 1111 1111 1111";
        var content = SerilogCompact + "\n" + "{\"@t\":\"2026-11-20T10:00:05Z\",\"@mt\":\"signup\",\"RequestPath\":\"/signup\",\"RequestId\":\"r-18\",\"body\":{\"user\":{\"contact\":\"" + email + "\",\"payment\":{\"number\":\"" + card + "\"}}}}";
        var result = await Run(content, "pii");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("body.user.contact (email)", result.Message);
        Assert.Contains("body.user.payment.number (card)", result.Message);
        Assert.Contains("app.log:3", result.Message);
        var everything = result.Message + string.Join(" ", result.Evidence.Values) + result.Remediation;
        Assert.DoesNotContain(email, everything);
        Assert.DoesNotContain("1111 1111", everything);
    }

    [Fact]
    public async Task Masked_PII_and_non_Luhn_numbers_are_not_findings()
    {
        var content = """{"@t":"2026-11-20T10:00:06Z","@mt":"x","email":"j***@example.com","card":"****1234","order":"4111111111111112","RequestPath":"/a","RequestId":"r"}""";
        var result = await Run(content, "pii");
        Assert.Equal(CheckStatus.Passed, result.Status);
    }

    [Fact]
    public async Task A_command_output_can_be_the_source()
    {
        var item = new ChecklistItem
        {
            Id = "logs", Section = "Logging", Title = "t",
            Check = new CheckSpec { Type = "logs", Parameters = new() { ["command"] = "printf", ["args"] = new List<object?> { "{\"level\":\"info\"}\\nplain\\n" }, ["aspect"] = "json" } },
        };
        var result = await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("printf:2", result.Message);
    }

    [Fact]
    public async Task Lines_given_as_a_parameter_and_no_aspect_give_one_result_per_aspect_with_the_checks_own_titles()
    {
        var item = new ChecklistItem
        {
            Id = "logs", Section = "Logging", Title = "t",
            Check = new CheckSpec { Type = "logs", Parameters = new() { ["lines"] = (SerilogCompact + "\nplain text").Split('\n').ToList() } },
        };
        var results = await CheckHarness.RunItemResultsAsync(item, new RunEnvironment(_dir), CancellationToken.None);
        Assert.Equal(new[] { "logs.json", "logs.request-id", "logs.level", "logs.pii" }, results.Select(r => r.Id));
        Assert.Equal(CheckStatus.Failed, results[0].Status);
        Assert.Contains("pipeline:3", results[0].Message);
        Assert.Equal("Log lines are JSON", results[0].Title);
        Assert.Equal(Severity.High, results[3].Severity);
        Assert.Equal(CheckStatus.Passed, results[3].Status);
    }

    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("5500-0000-0000-0004", true)]
    [InlineData("4111 1111 1111 1112", false)]
    [InlineData("0000000000000000", false)]
    public void Card_numbers_are_Luhn_checked(string number, bool expected) => Assert.Equal(expected, PiiDetector.IsCardNumber(number));

    [Fact]
    public void Arbitrary_lines_never_throw()
    {
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string[]>(lines =>
        {
            var analyzer = new LogAnalyzer();
            analyzer.Read("x", (lines ?? Array.Empty<string>()).Select(l => l ?? ""));
            return analyzer.Result.Lines <= (lines?.Length ?? 0);
        }));
    }
}
