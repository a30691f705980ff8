using Readiness.Core.Checks.Env;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Env;

public sealed class EnvSourceListTests
{
    [Fact]
    public void Every_env_source_class_is_listed_and_selectable_by_name()
    {
        ListedTypes.AssertExactlyTheImplementations(typeof(IEnvSource).Assembly, EnvSourceProviders.BuiltIn(), "EnvSourceProviders.BuiltIn()");
        Assert.Equal(["kubernetes"], EnvSourceProviders.Names);
    }
}
