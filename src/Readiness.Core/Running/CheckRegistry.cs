using System.Reflection;

namespace Readiness.Core.Running;

/// <summary>All check types known to the engine, found by reflection so a new type is one new class.</summary>
public sealed class CheckRegistry
{
    private readonly Dictionary<string, ICheck> _checks;

    public CheckRegistry(IEnumerable<ICheck> checks)
    {
        _checks = checks.ToDictionary(c => c.Type, StringComparer.OrdinalIgnoreCase);
    }

    public static CheckRegistry Default { get; } = new(Discover(typeof(CheckRegistry).Assembly));

    public static IEnumerable<ICheck> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(ICheck).IsAssignableFrom(t)
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ICheck)Activator.CreateInstance(t)!);

    public IReadOnlyCollection<string> Types => _checks.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    public bool TryGet(string type, out ICheck check) => _checks.TryGetValue(type, out check!);

    public ICheck Get(string type) =>
        TryGet(type, out var check) ? check
            : throw new KeyNotFoundException($"Unknown check type '{type}'. Allowed: {string.Join(", ", Types)}.");
}
