using System.Numerics;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram, with fixed, bounded memory (about 35 KB).
/// Values are microseconds. Below 256 µs every value has its own bucket (exact); above, each power of two is
/// split into 128 equal buckets, so a reported percentile is the middle of its bucket and lies within
/// <see cref="RelativeError"/> (1/256, under 0.4 %) of the recorded value it stands for. Values above
/// <see cref="HighestTrackable"/> (about 12.7 days) are clamped to it.
/// Not thread-safe: each worker records into its own instance and the instances are merged with <see cref="Add"/>.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;                    // 128 buckets per power of two above the linear range
    private const int SubBucketHalf = 1 << SubBucketBits;   // 128
    private const int LinearLimit = SubBucketHalf * 2;      // 0..255 are exact
    private const int MaxExponent = 40;                     // highest power of two tracked
    /// <summary>Largest recordable value in microseconds; larger values are recorded as this.</summary>
    public const long HighestTrackable = (1L << MaxExponent) - 1;
    /// <summary>Documented bound on |reported - recorded| / recorded for any percentile.</summary>
    public const double RelativeError = 1.0 / 256;

    private static readonly int BucketCount = LinearLimit + (MaxExponent - SubBucketBits - 1) * SubBucketHalf;
    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; }
    private double _sum;
    public double Mean => Count == 0 ? 0 : _sum / Count;

    public void Record(long microseconds)
    {
        var v = Math.Clamp(microseconds, 0, HighestTrackable);
        _counts[IndexOf(v)]++;
        Count++;
        _sum += v;
        if (v < Min) Min = v;
        if (v > Max) Max = v;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        _sum += other._sum;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        _sum = 0;
        Min = long.MaxValue;
        Max = 0;
    }

    public LatencyHistogram Copy()
    {
        var copy = new LatencyHistogram();
        copy.Add(this);
        return copy;
    }

    /// <summary>
    /// The value at percentile <paramref name="percentile"/> (0..100) by nearest rank: the smallest recorded value
    /// with at least that share of values at or below it. 0 when nothing was recorded.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0) return 0;
        var p = Math.Clamp(double.IsNaN(percentile) ? 100 : percentile, 0, 100);
        var rank = Math.Max(1, (long)Math.Ceiling(p / 100 * Count));
        if (rank >= Count) return Max;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Clamp(Middle(i), Min, Max);
        }
        return Max;
    }

    internal static int IndexOf(long v)
    {
        if (v < LinearLimit) return (int)v;
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)v); // >= 8
        var shift = msb - SubBucketBits;                          // >= 1; v >> shift is in [128, 256)
        return LinearLimit + (shift - 1) * SubBucketHalf + (int)(v >> shift) - SubBucketHalf;
    }

    internal static long LowerBound(int index)
    {
        if (index < LinearLimit) return index;
        var shift = (index - LinearLimit) / SubBucketHalf + 1;
        var sub = (index - LinearLimit) % SubBucketHalf + SubBucketHalf;
        return (long)sub << shift;
    }

    /// <summary>Middle of a bucket: at most half a bucket width (1/256 of the value) from anything in it.</summary>
    private static long Middle(int index)
    {
        if (index < LinearLimit) return index;
        var shift = (index - LinearLimit) / SubBucketHalf + 1;
        return LowerBound(index) + ((1L << shift) - 1) / 2;
    }
}
