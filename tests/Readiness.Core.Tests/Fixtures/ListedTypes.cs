using System.Reflection;
using Xunit;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>
/// Registration lists (check types, report writers, env sources, sample endpoints, CLI commands) are written out so a
/// trimmed build keeps every entry; this finds by reflection what the list must hold, so forgetting one fails a test
/// that names the class. Also compiled into Readiness.Cli.Tests.
/// </summary>
public static class ListedTypes
{
    /// <summary>Every concrete class in <paramref name="assembly"/> implementing <typeparamref name="T"/> is in <paramref name="listed"/>, once, and nothing else is.</summary>
    public static void AssertExactlyTheImplementations<T>(Assembly assembly, IEnumerable<T> listed, string listName)
    {
        var listedTypes = listed.Select(x => x!.GetType()).ToList();
        var implementations = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t))
            .ToList();
        Assert.Empty(implementations.Except(listedTypes).Select(t => $"{t.Name} is not in {listName}").Order(StringComparer.Ordinal));
        Assert.Empty(listedTypes.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => $"{g.Key.Name} is in {listName} {g.Count()} times"));
        Assert.Empty(listedTypes.Except(implementations).Select(t => $"{t.Name} is in {listName} but is not a {typeof(T).Name} of {assembly.GetName().Name}"));
    }
}
