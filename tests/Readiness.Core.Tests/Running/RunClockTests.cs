using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Reporting;
using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Running;

/// <summary>--as-of / -AsOf: a run that judges dates as of a pinned instant, so dated samples and release-day replays never go stale.</summary>
public sealed class RunClockTests
{
    private static Checklist AuthService() => ReadinessSession.Load(RepoFiles.Checklist("auth-service.yaml"), environment: _ => null);

    private static Task<ReadinessReport> Run(DateTimeOffset? asOf) =>
        new ChecklistRunner().RunAsync(AuthService(), new RunOptions
        {
            EnvironmentLookup = _ => null, AsOf = asOf,
            Ids = ["backups.automated-daily", "database.backups-configured", "migrations.backup-before-migration"],
        });

    [Fact]
    public async Task The_sample_backups_are_fresh_as_of_the_day_after_the_newest_and_stale_a_month_later()
    {
        var fresh = await Run(RunClock.Parse("2026-11-22"));
        Assert.All(fresh.Results, r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), fresh.AsOf);

        var stale = await Run(RunClock.Parse("2026-12-21"));
        Assert.All(stale.Results, r => Assert.Equal(CheckStatus.Failed, r.Status));
        Assert.Contains("29.9 days from 2026-11-21 02:00", stale.Results.Single(r => r.Id == "backups.automated-daily").Message);
    }

    [Fact]
    public async Task A_report_judged_as_of_an_instant_says_so_in_every_human_format_and_validates_as_json()
    {
        var report = await Run(RunClock.Parse("2026-11-22T06:00:00+02:00"));
        var line = "dates judged as of 2026-11-22 04:00 UTC";
        Assert.Contains(line, ReportWriters.Render(report, "markdown"));
        Assert.Contains(line, ReportWriters.Render(report, "html"));
        var json = ReportJson.Serialize(report);
        Assert.Contains("\"asOf\": \"2026-11-22T06:00:00+02:00\"", json);
        Assert.Equal(report.AsOf, ReportJson.Deserialize(json).AsOf);

        var unpinned = await Run(null);
        Assert.Null(unpinned.AsOf);
        Assert.DoesNotContain("judged as of", ReportWriters.Render(unpinned, "markdown"));
    }

    [Fact]
    public void A_pinned_clock_starts_at_the_instant_and_moves_on_with_real_time()
    {
        var asOf = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var clock = RunClock.For(asOf);
        var first = clock.GetUtcNow();
        Thread.Sleep(20);
        var second = clock.GetUtcNow();
        Assert.InRange(first - asOf, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(second > first);
        Assert.Same(TimeProvider.System, RunClock.For(null));
    }

    [Theory]
    [InlineData("2026-11-22", "2026-11-22T00:00:00.0000000+00:00")]
    [InlineData(" 2026-11-22T06:00 ", "2026-11-22T06:00:00.0000000+00:00")]
    [InlineData("2026-11-22T06:00:30Z", "2026-11-22T06:00:30.0000000+00:00")]
    [InlineData("2026-11-22T06:00:00+02:00", "2026-11-22T06:00:00.0000000+02:00")]
    [InlineData("2026-11-22T06:00:00.125-05:00", "2026-11-22T06:00:00.1250000-05:00")]
    public void The_forms_it_reads(string text, string expected) =>
        Assert.Equal(expected, RunClock.Parse(text).ToString("o", CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("next tuesday")]
    [InlineData("22/11/2026")]
    [InlineData("2026-13-01")]
    [InlineData("")]
    public void Anything_else_names_the_option_and_the_forms(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => RunClock.Parse(text));
        Assert.Equal($"--as-of '{text}' is not a date: give 2026-11-22 or 2026-11-22T06:00:00Z (UTC unless an offset is given).", ex.Message);
    }

    [Fact]
    public void Any_instant_written_in_iso_8601_reads_back_as_the_same_instant_and_any_text_either_parses_or_names_itself()
    {
        var instants = ArbMap.Default.GeneratorFor<DateTimeOffset>()
            .Select(d => new DateTimeOffset(d.Ticks - d.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.FromMinutes(d.Offset.TotalMinutes - d.Offset.TotalMinutes % 15)))
            .ToArbitrary();
        Check.One(PropertyRuns.Fixed(300), Prop.ForAll(instants, d =>
            RunClock.Parse(d.ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture)) == d));
        Check.One(PropertyRuns.Fixed(300), Prop.ForAll(ArbMap.Default.ArbFor<string>(), s =>
        {
            try { RunClock.Parse(s ?? ""); return true; }
            catch (ArgumentException ex) { return ex.Message.StartsWith($"--as-of '{s}' is not a date", StringComparison.Ordinal); }
        }));
    }
}
