using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Running;

public sealed class CheckRegistryTests
{
    [Fact]
    public void Every_check_class_of_the_engine_is_listed()
    {
        ListedTypes.AssertExactlyTheImplementations(typeof(CheckRegistry).Assembly, CheckRegistry.BuiltIn(), "CheckRegistry.BuiltIn()");
    }

    [Fact]
    public void The_default_registry_knows_every_listed_type_by_its_name()
    {
        Assert.Equal(CheckRegistry.BuiltIn().Select(c => c.Type).Order(StringComparer.Ordinal), CheckRegistry.Default.Types);
    }
}
