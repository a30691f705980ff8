using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Running;

public sealed class ChecklistRunnerTests
{
    private sealed class SlowCheck : HandReadCheck
    {
        public override string Type => "slow";
        public override IReadOnlyCollection<string> Parameters { get; } = Array.Empty<string>();
        public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
            return context.Pass("never");
        }
    }

    private sealed class ThrowingCheck : HandReadCheck
    {
        public override string Type => "throws";
        public override IReadOnlyCollection<string> Parameters { get; } = Array.Empty<string>();
        public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken ct) => throw new InvalidOperationException("boom at the target");
    }

    private static Checklist Make(params string[] types) => new()
    {
        Name = "t",
        Items = types.Select((t, i) => new ChecklistItem { Id = $"i{i}", Section = "S", Title = t, Severity = Severity.High, Check = new CheckSpec { Type = t } }).ToList(),
    };

    private static ChecklistRunner Runner() => new(new CheckRegistry(new ICheck[] { new SlowCheck(), new ThrowingCheck() }));

    [Fact]
    public async Task A_check_that_hangs_becomes_Error_within_the_timeout()
    {
        var report = await Runner().RunAsync(Make("slow"), new RunOptions { TimeoutSeconds = 1, BaseDirectory = Path.GetTempPath() });
        var result = Assert.Single(report.Results);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("did not finish within 1 s", result.Message);
        Assert.True(result.Duration < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_check_that_throws_becomes_Error_with_the_exception_message()
    {
        var report = await Runner().RunAsync(Make("throws"), new RunOptions { BaseDirectory = Path.GetTempPath() });
        Assert.Equal(CheckStatus.Error, report.Results[0].Status);
        Assert.Contains("boom at the target", report.Results[0].Message);
        Assert.Equal(Decision.NoGo, report.Decision);
    }

    [Fact]
    public async Task Results_keep_checklist_order_under_parallelism()
    {
        var report = await Runner().RunAsync(Make("throws", "slow", "throws", "throws"), new RunOptions { TimeoutSeconds = 1, Parallel = 4, BaseDirectory = Path.GetTempPath() });
        Assert.Equal(new[] { "i0", "i1", "i2", "i3" }, report.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stops_the_run()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner().RunAsync(Make("slow"), new RunOptions { BaseDirectory = Path.GetTempPath() }, null, cts.Token));
    }

    [Fact]
    public async Task A_selection_that_matches_nothing_fails_closed()
    {
        await Assert.ThrowsAsync<ChecklistSelectionException>(() =>
            Runner().RunAsync(Make("throws"), new RunOptions { Sections = { "No such section" } }));
    }
}
