using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Security;

/// <summary>
/// Remembers probe results for the lifetime of one run (one <see cref="RunEnvironment"/>), so six checklist items about
/// the same endpoint's certificate cost one set of handshakes, not six. Entries die with the run.
/// </summary>
internal static class ProbeCache
{
    private static readonly ConditionalWeakTable<RunEnvironment, ConcurrentDictionary<string, Lazy<Task<object>>>> Runs = new();

    public static async Task<T> GetAsync<T>(CheckContext context, string key, Func<CancellationToken, Task<T>> probe,
        CancellationToken cancellationToken) where T : class
    {
        var cache = Runs.GetValue(context.Environment, _ => new ConcurrentDictionary<string, Lazy<Task<object>>>(StringComparer.Ordinal));
        var entry = cache.GetOrAdd(typeof(T).Name + "|" + key,
            _ => new Lazy<Task<object>>(async () => await probe(cancellationToken).ConfigureAwait(false)));
        try
        {
            return (T)await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The item that started the probe was stopped; this one still has time, so probe again.
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(typeof(T).Name + "|" + key, entry));
            return await probe(cancellationToken).ConfigureAwait(false);
        }
    }
}
