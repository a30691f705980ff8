using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Metrics;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

public sealed class MetricsParserTests
{
    private const string OpenMetricsExample = """
        # TYPE acme_http_router_request_seconds summary
        # UNIT acme_http_router_request_seconds seconds
        # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
        acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
        acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
        # TYPE go_goroutines gauge
        # HELP go_goroutines Number of goroutines that currently exist.
        go_goroutines 69
        # TYPE process_cpu_seconds counter
        # UNIT process_cpu_seconds seconds
        # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
        process_cpu_seconds_total 4.20072246e+06
        # TYPE foo histogram
        foo_bucket{le="0.01"} 0
        foo_bucket{le="0.1"} 8 # {trace_id="KOO5S4vxi0o"} 0.067 1520879607.789
        foo_bucket{le="+Inf"} 17 # {} 2.5
        foo_count 17
        foo_sum 324789.3
        foo_created 1520430000.123
        # TYPE build info
        build_info{version="1.2.\"3\""} 1
        # TYPE door stateset
        door{door="a"} 1 1520879607.789
        # EOF
        """;

    [Fact]
    public void OpenMetrics_example_parses_into_typed_families_with_exemplars_units_and_timestamps()
    {
        var families = MetricsParser.ParseAll(OpenMetricsExample, MetricsFormat.OpenMetrics);
        Assert.Equal(MetricType.Summary, families["acme_http_router_request_seconds"].Type);
        Assert.Equal("seconds", families["acme_http_router_request_seconds"].Unit);
        Assert.Equal(3, families["acme_http_router_request_seconds"].Samples.Count);
        Assert.Equal(4.20072246e+06, families["process_cpu_seconds"].Samples.Single().Value);
        var foo = families["foo"];
        Assert.Equal(MetricType.Histogram, foo.Type);
        Assert.Equal(6, foo.Samples.Count);
        Assert.Equal("KOO5S4vxi0o", foo.Samples[1].Exemplar!.Labels.Single().Value);
        Assert.Equal(1520879607.789, foo.Samples[1].Exemplar!.Timestamp);
        Assert.Equal(double.PositiveInfinity, MetricsParserTestsHelpers.Le(foo.Samples[2]));
        Assert.Equal("1.2.\"3\"", families["build"].Samples.Single().Label("version"));
        Assert.Equal(1520879607.789, families["door"].Samples.Single().Timestamp);
    }

    [Theory]
    [InlineData("# TYPE a counter\na_total 1\n", 3, "missing # EOF")]
    [InlineData("a 1\n\n# EOF\n", 2, "empty line")]
    [InlineData("a 1\n# EOF\nb 2\n", 3, "content after # EOF")]
    [InlineData("# TYPE a counter\na_total 1\n# TYPE b gauge\nb 1\na_total 2\n# EOF\n", 5, "appears again")]
    [InlineData("# a random comment\na 1\n# EOF\n", 1, "unexpected comment")]
    [InlineData("# TYPE a_seconds gauge\n# UNIT a_seconds bytes\na_seconds 1\n# EOF\n", 2, "does not end in _bytes")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_count 2\n# EOF\n", 2, "has no +Inf bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 3\n# EOF\n", 3, "buckets are cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n# EOF\n", 3, "increasing le order")]
    [InlineData("# TYPE h histogram\nh_bucket{x=\"a\",le=\"+Inf\"} 3\nh_count{x=\"a\"} 4\n# EOF\n", 3, "must be equal")]
    public void OpenMetrics_violations_name_the_line(string text, int line, string reason)
    {
        var ex = Assert.Throws<MetricsParseException>(() => MetricsParser.ParseAll(text, MetricsFormat.OpenMetrics));
        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Message);
    }

    [Theory]
    [InlineData("a{b=\"c} 1\n", 1, "not closed")]
    [InlineData("ok 1\na{b=\"c\",b=\"d\"} 1\n", 2, "appears twice")]
    [InlineData("a{b=\"c\\x\"} 1\n", 1, "invalid escape")]
    [InlineData("a{b=c} 1\n", 1, "double quotes")]
    [InlineData("a one\n", 1, "not a number")]
    [InlineData("a\n", 1, "no value")]
    [InlineData("# TYPE a histogram\na_bucket{x=\"1\"} 1\n", 2, "no le label")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"big\"} 1\n", 2, "not a number")]
    [InlineData("# TYPE a summary\na 1\n", 2, "no quantile label")]
    [InlineData("# TYPE a gauge\n# TYPE a gauge\n", 2, "second TYPE")]
    [InlineData("a 1\n# TYPE a gauge\n", 2, "must come before its samples")]
    [InlineData("# TYPE a meter\n", 1, "unknown metric type")]
    [InlineData("1a 1\n", 1, "expected a metric name")]
    [InlineData("a 1 2 3\n", 1, "unexpected text")]
    public void Text_format_errors_name_the_line_and_the_problem(string text, int line, string reason)
    {
        var ex = Assert.Throws<MetricsParseException>(() => MetricsParser.ParseAll(text, MetricsFormat.PrometheusText));
        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Text_format_accepts_escapes_blank_lines_comments_and_millisecond_timestamps()
    {
        var families = MetricsParser.ParseAll("""
            # HELP http_requests_total The total number of HTTP requests.\nSecond line \\ backslash
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400",} 3 1395066363000

            # just a comment
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            something_weird{problem="division by zero"} +Inf -3982045

            """, MetricsFormat.PrometheusText);
        Assert.Equal("The total number of HTTP requests.\nSecond line \\ backslash", families["http_requests_total"].Help);
        Assert.Equal(1395066363000, families["http_requests_total"].Samples[0].Timestamp);
        Assert.Equal("C:\\DIR\\FILE.TXT", families["msdos_file_access_time_seconds"].Samples[0].Label("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", families["msdos_file_access_time_seconds"].Samples[0].Label("error"));
        Assert.Equal(double.PositiveInfinity, families["something_weird"].Samples[0].Value);
        Assert.Equal(-3982045, families["something_weird"].Samples[0].Timestamp);
    }

    [Fact]
    public void Families_are_yielded_one_by_one_while_reading()
    {
        var reader = new CountingReader("# TYPE a gauge\na 1\n# TYPE b gauge\nb 2\n# TYPE c gauge\nc 3\n");
        using var e = MetricsParser.Parse(reader).GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal("a", e.Current.Name);
        Assert.True(reader.LinesRead <= 3, $"read {reader.LinesRead} lines before yielding the first family");
    }

    [Fact]
    public void Arbitrary_text_never_throws_anything_but_a_parse_error()
    {
        var alphabet = "ab_:{}=\",# \\\n\t01.+-eInfNaHELPTYPEUNITcounterhistogramle".ToCharArray();
        var gen = Gen.Elements(alphabet).ArrayOf().Select(chars => new string(chars));
        var tokens = Gen.Elements("# TYPE ", "# HELP ", "# UNIT ", "# EOF\n", "a", "a_bucket", "{le=\"", "\"}", " 1", " +Inf", "\n",
            " # {x=\"y\"} 1", "counter", "histogram", "summary", "quantile=\"0.5\"", ",", "\\", "=").ArrayOf().Select(t => string.Concat(t));
        foreach (var generator in new[] { gen, tokens, ArbMap.Default.GeneratorFor<string>() })
            foreach (var format in Enum.GetValues<MetricsFormat>())
                Prop.ForAll(generator.ToArbitrary(), text =>
                {
                    try { MetricsParser.ParseAll(text ?? "", format); }
                    catch (MetricsParseException) { }
                }).Check(PropertyRuns.Fixed());
    }

    /// <summary>Hands out one line per read, like a slow network body, and counts the lines handed out.</summary>
    private sealed class CountingReader(string text) : TextReader
    {
        private int _position;
        public int LinesRead { get; private set; }
        public override int Read(char[] buffer, int index, int count)
        {
            if (_position >= text.Length) return 0;
            var end = text.IndexOf('\n', _position);
            var length = Math.Min(count, (end < 0 ? text.Length : end + 1) - _position);
            text.CopyTo(_position, buffer, index, length);
            _position += length;
            if (buffer[index + length - 1] == '\n') LinesRead++;
            return length;
        }
    }
}

internal static class MetricsParserTestsHelpers
{
    public static double Le(MetricSample s) => MetricsParser.TryParseFloat(s.Label("le")!, out var v) ? v : double.NaN;
}
