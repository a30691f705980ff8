using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Load;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

public sealed class MemoryProbeTests
{
    [Fact]
    public void VmRSS_is_read_in_bytes_from_a_proc_status_text()
    {
        Assert.Equal(7240 * 1024d, MemoryProbe.ParseVmRss("Name:\tnginx\nVmHWM:\t    9000 kB\nVmRSS:\t    7240 kB\n"));
        Assert.Null(MemoryProbe.ParseVmRss("Name:\tzombie\n"));
    }

    [Fact]
    public void A_gauge_is_summed_over_its_label_sets_and_other_families_are_ignored()
    {
        const string text = """
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes{instance="a"} 1e8
            process_resident_memory_bytes{instance="b"} 5e7
            process_resident_memory_bytes_total 1
            """;
        Assert.Equal(1.5e8, MemoryProbe.ParseGauge(text, "process_resident_memory_bytes"));
        Assert.Null(MemoryProbe.ParseGauge(text, "go_memstats_heap_bytes"));
    }

    [Fact]
    public void Arbitrary_text_never_throws_from_either_parser()
    {
        var tokens = Gen.Elements("VmRSS:", "\t", " ", "kB", "123", "1e9", "\n", "m", "m{", "}", "\"", "NaN", "#", "{a=\"}\"}")
            .ArrayOf().Select(t => string.Concat(t));
        foreach (var gen in new[] { tokens, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(gen.ToArbitrary(), text =>
            {
                MemoryProbe.ParseVmRss(text ?? "");
                MemoryProbe.ParseGauge(text ?? "", "m");
            }).Check(PropertyRuns.Fixed());
    }
}
