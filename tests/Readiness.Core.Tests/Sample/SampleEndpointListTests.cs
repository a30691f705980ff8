using Readiness.Core.Tests.Fixtures;
using Readiness.Sample;

namespace Readiness.Core.Tests.Sample;

public sealed class SampleEndpointListTests
{
    [Fact]
    public void Every_endpoint_class_of_the_sample_is_served()
    {
        ListedTypes.AssertExactlyTheImplementations(typeof(SampleTarget).Assembly, SampleTarget.Discover(), "SampleTarget.Discover()");
    }
}
