using Readiness.Core.Reporting;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Reporting;

public sealed class ReportWriterListTests
{
    [Fact]
    public void Every_writer_class_of_the_engine_is_listed()
    {
        ListedTypes.AssertExactlyTheImplementations(typeof(ReportWriters).Assembly, ReportWriters.BuiltIn(), "ReportWriters.BuiltIn()");
    }
}
