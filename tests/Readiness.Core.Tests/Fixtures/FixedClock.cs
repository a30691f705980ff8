namespace Readiness.Core.Tests.Fixtures;

/// <summary>A clock pinned to one instant, so age-based verdicts on the committed samples do not change as time passes.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>The day the samples were written: their backups, docs and audit events are judged as of then.</summary>
    public static readonly FixedClock SampleDay = new(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
