using System.Globalization;

namespace Readiness;

/// <summary>
/// Named facts (evidence, error counts, headers). A plain dictionary turns into its .NET type name wherever pwsh makes
/// text of it (Export-Csv, "$x"); this one reads "key=value; key=value" there and stays an object in JSON.
/// </summary>
public sealed class FactMap<TValue> : Dictionary<string, TValue>
{
    public FactMap() : base(StringComparer.Ordinal) { }

    public FactMap(IEqualityComparer<string> comparer) : base(comparer) { }

    public FactMap(IEnumerable<KeyValuePair<string, TValue>> facts, IEqualityComparer<string>? comparer = null)
        : base(facts, comparer ?? StringComparer.Ordinal) { }

    public override string ToString() =>
        string.Join("; ", this.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
}

/// <summary>Short facts in a list (file names, problems, thresholds): one CSV cell reads "a; b; c", not a .NET type name.</summary>
public sealed class FactList<T> : List<T>
{
    public FactList() { }

    public FactList(IEnumerable<T> items) : base(items) { }

    public override string ToString() => string.Join("; ", this);
}
