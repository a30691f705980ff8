using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Readiness.Core.Checks.Backup;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Tests.Checklists;
using Readiness.Core.Tests.Checks.Load;

namespace Readiness.Core.Tests.Running;

/// <summary>
/// Items that load or change their target are asked about by the runner before anything is sent; an item that was not
/// confirmed is Skipped with the reason, and the target sees no request at all.
/// </summary>
public sealed class ConfirmationTests
{
    /// <summary>Answers every question the same way and remembers what it was asked.</summary>
    private sealed class AnsweringHost(Func<ConfirmationRequest, Confirmation> answer) : IReadinessHost
    {
        public ConcurrentQueue<ConfirmationRequest> Asked { get; } = new();
        public void Progress(RunProgress progress) { }
        public void Log(LogLevel level, string message) { }
        public Confirmation ShouldProcess(ConfirmationRequest request)
        {
            Asked.Enqueue(request);
            return answer(request);
        }
    }

    /// <summary>A Kestrel app on loopback that counts every request it receives.</summary>
    private sealed class CountingTarget : IAsyncDisposable
    {
        private int _requests;
        private KestrelReceiver _server = null!;
        public int Requests => Volatile.Read(ref _requests);
        public string Url(string path) => _server.Url(path);

        public static async Task<CountingTarget> StartAsync()
        {
            var target = new CountingTarget();
            target._server = await KestrelReceiver.StartAsync(app => app.Run(async context =>
            {
                Interlocked.Increment(ref target._requests);
                context.Response.StatusCode = 200;
                await context.Response.WriteAsync("ok");
            }));
            return target;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    private static Checklist Checklist(params ChecklistItem[] items) => new() { Name = "confirm", Items = items.ToList() };

    private static ChecklistItem Load(string id, string url) => new()
    {
        Id = id, Section = "Load", Title = "load", Severity = Severity.High,
        Check = new CheckSpec { Type = "load", Parameters = new() { ["url"] = url, ["connections"] = 2L, ["requests"] = 20L } },
    };

    private static ChecklistItem Http(string id, string url) => new()
    {
        Id = id, Section = "Http", Title = "http", Severity = Severity.High,
        Check = new CheckSpec { Type = "http", Parameters = new() { ["url"] = url } },
    };

    [Fact]
    public async Task A_declined_load_item_is_Skipped_and_the_target_receives_no_request()
    {
        await using var target = await CountingTarget.StartAsync();
        var host = new AnsweringHost(_ => Confirmation.Declined());
        var report = await new ChecklistRunner().RunAsync(Checklist(Load("load.x", target.Url("/"))), new RunOptions { BaseDirectory = Path.GetTempPath() }, host);

        var result = Assert.Single(report.Results);
        Assert.Equal(CheckStatus.Skipped, result.Status);
        Assert.StartsWith("Not run: the confirmation was declined. Nothing was sent to http://127.0.0.1:", result.Message);
        Assert.Equal("declined", result.Evidence[NotConfirmed.EvidenceKey]);
        Assert.Equal(0, target.Requests);
        var asked = Assert.Single(host.Asked);
        Assert.Equal(("load.x", ChangeImpact.High), (asked.ItemId, asked.Impact));
        Assert.Equal("Send load: closed model, 2 connections 20 requests", asked.Action);
        Assert.True(asked.IsLoopbackOnly);
    }

    [Fact]
    public async Task A_confirmed_load_item_runs_so_the_counter_above_proves_the_absence_of_traffic()
    {
        await using var target = await CountingTarget.StartAsync();
        var report = await new ChecklistRunner().RunAsync(Checklist(Load("load.x", target.Url("/"))), new RunOptions { BaseDirectory = Path.GetTempPath() }, new AnsweringHost(_ => Confirmation.Proceed));
        Assert.Equal(CheckStatus.Passed, report.Results[0].Status);
        Assert.True(target.Requests >= 20, $"{target.Requests} requests");
    }

    [Fact]
    public async Task What_if_skips_changing_items_but_still_runs_read_only_ones_and_only_changing_ones_are_asked_about()
    {
        await using var target = await CountingTarget.StartAsync();
        var host = new AnsweringHost(_ => Confirmation.WhatIf("-WhatIf was given"));
        var report = await new ChecklistRunner().RunAsync(
            Checklist(Http("read.only", target.Url("/health")), Load("load.x", target.Url("/login"))), new RunOptions { BaseDirectory = Path.GetTempPath() }, host);

        Assert.Equal(CheckStatus.Passed, report.Results[0].Status);
        Assert.Equal(CheckStatus.Skipped, report.Results[1].Status);
        Assert.StartsWith("Not run: -WhatIf was given.", report.Results[1].Message);
        Assert.Equal("whatif", report.Results[1].Evidence[NotConfirmed.EvidenceKey]);
        Assert.Equal(1, target.Requests);
        Assert.Equal(new[] { "load.x" }, host.Asked.Select(a => a.ItemId));
    }

    [Fact]
    public async Task Items_that_were_not_confirmed_make_the_decision_Conditional_not_Go()
    {
        await using var target = await CountingTarget.StartAsync();
        var report = await new ChecklistRunner().RunAsync(
            Checklist(Http("read.only", target.Url("/")), Load("load.x", target.Url("/"))),
            new RunOptions { BaseDirectory = Path.GetTempPath() }, new AnsweringHost(_ => Confirmation.Refused("there is no terminal to confirm it; pass --yes to run it")));
        Assert.Equal(Decision.Conditional, report.Decision);
        Assert.Contains("1 item(s) that change the target were not run (not confirmed)", report.DecisionReason);
        Assert.Contains("pass --yes to run it", report.Results[1].Message);
    }

    [Fact]
    public async Task The_shipped_auth_service_checklist_asks_before_every_load_and_burst_and_sends_nothing_when_declined()
    {
        await using var target = await CountingTarget.StartAsync();
        var checklist = ReadinessSession.Load(RepoFiles.Checklist("auth-service.yaml"),
            new Dictionary<string, string> { ["api"] = target.Url("").TrimEnd('/'), ["loadUser"] = "u", ["loadPassword"] = "p" }, environment: _ => null);
        var host = new AnsweringHost(_ => Confirmation.WhatIf("--dry-run was given"));
        var report = await new ChecklistRunner().RunAsync(checklist,
            new RunOptions { Ids = { "load-testing.target-throughput", "load-testing.stress-breaking-point", "load-testing.latency-p95", "rate-limiting.per-endpoint" } }, host);

        Assert.All(report.Results, r => Assert.Equal(CheckStatus.Skipped, r.Status));
        Assert.Equal(0, target.Requests);
        var asked = host.Asked.ToDictionary(a => a.ItemId);
        Assert.Equal(ChangeImpact.High, asked["load-testing.target-throughput"].Impact);
        Assert.Equal("Send load: open model, 10000 req/s for 20 s after a 5 s warm-up", asked["load-testing.target-throughput"].Action);
        Assert.Equal("Send stress load: 2500 to 25000 req/s in steps of 2500, 2 s each after a 3 s warm-up", asked["load-testing.stress-breaking-point"].Action);
        Assert.Equal(ChangeImpact.Medium, asked["rate-limiting.per-endpoint"].Impact);
        Assert.Contains("/v1/login", asked["rate-limiting.per-endpoint"].Target);
        Assert.Contains("/v1/sessions", asked["rate-limiting.per-endpoint"].Target);
    }

    [Fact]
    public async Task A_backup_check_without_restore_only_reads_so_nobody_is_asked()
    {
        var dir = Directory.CreateTempSubdirectory("readiness-confirm-").FullName;
        try
        {
            var item = new ChecklistItem
            {
                Id = "backup.fresh", Section = "Backup", Title = "b", Severity = Severity.High,
                Check = new CheckSpec { Type = "backup-restore", Parameters = new() { ["backend"] = "files", ["path"] = Path.Combine(dir, "*.tar"), ["restore"] = false } },
            };
            var host = new AnsweringHost(_ => Confirmation.Declined());
            var report = await new ChecklistRunner().RunAsync(Checklist(item), new RunOptions { BaseDirectory = Path.GetTempPath() }, host);
            Assert.Empty(host.Asked);
            Assert.False(NotConfirmed.Is(report.Results[0]));
            var planned = new BackupRestoreCheck().Plan(Context(item, new() { ["backend"] = "files", ["path"] = "b/*.tar" }));
            Assert.Equal("Restore the newest files backup into a scratch database or folder and remove it afterwards", planned!.Action);
            Assert.Empty(planned.Endpoints);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task An_item_whose_parameters_cannot_say_what_it_would_send_is_an_Error_and_nobody_is_asked()
    {
        var host = new AnsweringHost(_ => Confirmation.Proceed);
        var report = await new ChecklistRunner().RunAsync(Checklist(Load("load.bad", "not a url")), new RunOptions { BaseDirectory = Path.GetTempPath() }, host);
        Assert.Equal(CheckStatus.Error, report.Results[0].Status);
        Assert.Contains("url", report.Results[0].Message);
        Assert.Empty(host.Asked);
    }

    private sealed class QuickChange : HandReadCheck, ITargetChangingCheck
    {
        public override string Type => "quick-change";
        public override IReadOnlyCollection<string> Parameters { get; } = Array.Empty<string>();
        public ChangeImpact Impact => ChangeImpact.Low;
        public PlannedChange Plan(CheckContext context) => new("here", "Change a little", new Uri("http://127.0.0.1:9/"));
        public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken ct) => Task.FromResult(context.Pass("changed"));
    }

    [Fact]
    public async Task Time_spent_answering_the_prompt_does_not_count_against_the_check_timeout()
    {
        var host = new AnsweringHost(_ => { Thread.Sleep(TimeSpan.FromSeconds(1.5)); return Confirmation.Proceed; });
        var item = new ChecklistItem { Id = "q", Section = "S", Title = "q", Check = new CheckSpec { Type = "quick-change" } };
        var report = await new ChecklistRunner(new CheckRegistry(new ICheck[] { new QuickChange() }))
            .RunAsync(Checklist(item), new RunOptions { TimeoutSeconds = 1, BaseDirectory = Path.GetTempPath() }, host);
        Assert.Equal(CheckStatus.Passed, report.Results[0].Status);
        Assert.True(report.Results[0].Duration < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Every_check_type_that_sends_load_deliveries_logins_or_restores_declares_it()
    {
        var changing = CheckRegistry.Default.Types.Where(t => CheckRegistry.Default.Get(t) is ITargetChangingCheck)
            .ToDictionary(t => t, t => ((ITargetChangingCheck)CheckRegistry.Default.Get(t)).Impact);
        Assert.Equal(new Dictionary<string, ChangeImpact>
        {
            ["backup-restore"] = ChangeImpact.Medium,
            ["load"] = ChangeImpact.High,
            ["lockout"] = ChangeImpact.Medium,
            ["rate-limit"] = ChangeImpact.Medium,
            ["webhook"] = ChangeImpact.Medium,
        }, changing);
    }

    [Theory]
    [InlineData(ChangeImpact.High, false, ChangeImpact.High, ConfirmationStep.Ask)]
    [InlineData(ChangeImpact.Medium, false, ChangeImpact.High, ConfirmationStep.Proceed)]
    [InlineData(ChangeImpact.Medium, false, ChangeImpact.Low, ConfirmationStep.Ask)]
    [InlineData(ChangeImpact.High, false, null, ConfirmationStep.Proceed)]
    [InlineData(ChangeImpact.Low, true, null, ConfirmationStep.ListOnly)]
    [InlineData(ChangeImpact.High, true, ChangeImpact.High, ConfirmationStep.ListOnly)]
    public void The_policy_lists_on_what_if_asks_at_or_above_the_threshold_and_runs_the_rest(ChangeImpact impact, bool whatIf, ChangeImpact? threshold, ConfirmationStep expected) =>
        Assert.Equal(expected, ConfirmationPolicy.Decide(impact, whatIf, threshold));

    [Theory]
    [InlineData("https://api.example.com/v1/login", false, false, ChangeImpact.High)]
    [InlineData("https://api.example.com/v1/login", true, false, null)]
    [InlineData("https://api.example.com/v1/login", false, true, null)]
    [InlineData("http://127.0.0.1:5000/v1/login", false, false, null)]
    [InlineData("http://localhost:5000/", false, false, null)]
    public void The_cli_asks_before_load_on_someone_elses_machine_unless_yes_or_ci(string url, bool yes, bool ci, ChangeImpact? expected)
    {
        var request = new ConfirmationRequest("load.x", "t", new PlannedChange(url, "Send load", new Uri(url)), ChangeImpact.High);
        Assert.Equal(expected, ConfirmationPolicy.CliThreshold(request, yes, ci));
    }

    [Fact]
    public void A_change_without_endpoints_is_not_treated_as_loopback()
    {
        var request = new ConfirmationRequest("b", "t", new PlannedChange("backups/*.tar", "Restore"), ChangeImpact.Medium);
        Assert.False(request.IsLoopbackOnly);
        var mixed = new ConfirmationRequest("r", "t", new PlannedChange("x", "Burst", new Uri("http://127.0.0.1/"), new Uri("https://api.example.com/")), ChangeImpact.Medium);
        Assert.False(mixed.IsLoopbackOnly);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/", true)]
    [InlineData("http://127.200.3.4/", true)]
    [InlineData("http://[::1]:8080/", true)]
    [InlineData("http://[::ffff:127.0.0.1]/", true)]
    [InlineData("http://localhost/", true)]
    [InlineData("http://LOCALHOST./", true)]
    [InlineData("http://0.0.0.0:8080/", false)]
    [InlineData("http://128.0.0.1/", false)]
    [InlineData("http://10.0.0.5/", false)]
    [InlineData("http://localhost.example.com/", false)]
    [InlineData("https://api.example.com/", false)]
    public void Loopback_is_127_0_0_0_8_the_IPv6_loopback_and_the_name_localhost(string url, bool expected) =>
        Assert.Equal(expected, TargetAddress.IsLoopback(new Uri(url)));

    private static CheckContext Context(ChecklistItem item, Dictionary<string, object?> parameters) =>
        new(item, new CheckParameters(item.Id, parameters), new RunEnvironment(Path.GetTempPath()));
}
