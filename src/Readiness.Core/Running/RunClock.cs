using System.Globalization;

namespace Readiness.Core.Running;

/// <summary>
/// The clock a run judges dates by (backup ages, review dates, audit-event recency, waiver and attestation expiry):
/// the system's, or one pinned with --as-of/-AsOf. A pinned clock starts at that instant and moves on with real
/// time, so results of one run stay in order; durations and the run's own timestamps are never pinned.
/// </summary>
public static class RunClock
{
    public static TimeProvider For(DateTimeOffset? asOf) => asOf is { } instant ? new AsOf(instant) : TimeProvider.System;

    /// <summary>
    /// A date (2026-11-22, midnight UTC) or a date and time (2026-11-22T06:00, 2026-11-22T06:00:00+02:00; UTC unless
    /// an offset is given), the forms the CLI's --as-of takes.
    /// </summary>
    public static DateTimeOffset Parse(string text, string optionName = "--as-of")
    {
        var trimmed = text.Trim();
        string[] forms = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];
        if (DateTimeOffset.TryParseExact(trimmed, forms, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant;
        throw new ArgumentException($"{optionName} '{text}' is not a date: give 2026-11-22 or 2026-11-22T06:00:00Z (UTC unless an offset is given).");
    }

    private sealed class AsOf(DateTimeOffset instant) : TimeProvider
    {
        private readonly long _start = System.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => instant.ToUniversalTime() + System.GetElapsedTime(_start);
    }
}
