using Readiness.Core.Reporting;

namespace Readiness.Core.Tests.Reporting;

public sealed class ReportFormatSelectionTests
{
    [Fact]
    public void A_named_format_wins_and_is_checked()
    {
        Assert.Equal("json", ReportFormatSelection.Choose("JSON", "report.txt"));
        var ex = Assert.Throws<ArgumentException>(() => ReportFormatSelection.Choose("nosuch", null));
        Assert.Contains("json", ex.Message);
    }

    [Fact]
    public void The_format_follows_an_unambiguous_extension_else_json()
    {
        Assert.Equal("json", ReportFormatSelection.Choose(null, "out/report.json"));
        Assert.Equal("json", ReportFormatSelection.Choose(null, "out/report.unknownext"));
        Assert.Equal("json", ReportFormatSelection.Choose(null, null));
    }
}
