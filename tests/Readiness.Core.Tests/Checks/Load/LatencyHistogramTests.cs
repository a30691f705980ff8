using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Load;

namespace Readiness.Core.Tests.Checks.Load;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = { 0, 1, 50, 90, 95, 99, 99.9, 100 };

    private static long Exact(long[] sorted, double p)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(p / 100 * sorted.Length));
        return sorted[Math.Min(rank, sorted.Length) - 1];
    }

    [Fact]
    public void Every_percentile_of_recorded_values_is_within_the_documented_relative_error()
    {
        // Values across the whole range: small (exact region), typical latencies and very large ones.
        var values = Gen.OneOf(Gen.Choose(0, 300).Select(v => (long)v), Gen.Choose(0, 2_000_000).Select(v => (long)v),
            Gen.Choose(0, int.MaxValue).Select(v => (long)v * 300));
        Prop.ForAll(values.NonEmptyListOf().ToArbitrary(), list =>
        {
            var h = new LatencyHistogram();
            foreach (var v in list) h.Record(v);
            var sorted = list.Select(v => Math.Min(v, LatencyHistogram.HighestTrackable)).Order().ToArray();
            foreach (var p in Percentiles)
            {
                var exact = Exact(sorted, p);
                var reported = h.ValueAtPercentile(p);
                if (Math.Abs(reported - exact) > exact * LatencyHistogram.RelativeError)
                    throw new Exception($"p{p}: reported {reported}, exact {exact}");
            }
            return h.Count == list.Count && h.Max == sorted[^1] && h.Min == sorted[0];
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merging_two_histograms_gives_the_same_percentiles_as_recording_into_one()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<uint[]>(), ArbMap.Default.ArbFor<uint[]>(), (a, b) =>
        {
            var left = new LatencyHistogram();
            var right = new LatencyHistogram();
            var both = new LatencyHistogram();
            foreach (var v in a) { left.Record(v); both.Record(v); }
            foreach (var v in b) { right.Record(v); both.Record(v); }
            left.Add(right);
            return Percentiles.All(p => left.ValueAtPercentile(p) == both.ValueAtPercentile(p)) && left.Count == both.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bucket_bounds_are_contiguous_and_each_value_falls_in_its_bucket()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).Select(v => (long)v * 512 + v % 7).ToArbitrary(), v =>
        {
            var i = LatencyHistogram.IndexOf(v);
            return LatencyHistogram.LowerBound(i) <= v && v < LatencyHistogram.LowerBound(i + 1);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_one_percent_tail_of_one_second_shows_in_p99_but_not_in_p95()
    {
        var h = new LatencyHistogram();
        for (var i = 0; i < 9_800; i++) h.Record(2_000);
        for (var i = 0; i < 200; i++) h.Record(1_000_000);
        Assert.InRange(h.ValueAtPercentile(95), 1_990, 2_010);
        Assert.InRange(h.ValueAtPercentile(99), 996_000, 1_000_000);
        Assert.Equal(1_000_000, h.Max);
    }

    [Fact]
    public void Huge_and_negative_values_are_clamped_and_an_empty_histogram_reports_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.ValueAtPercentile(99));
        h.Record(-5);
        h.Record(long.MaxValue);
        Assert.Equal(0, h.Min);
        Assert.Equal(LatencyHistogram.HighestTrackable, h.Max);
    }
}
