using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

namespace Readiness.Core.Running;

/// <summary>Marks a property of a check's parameter record as the parameter <see cref="Name"/> of checklists, cmdlets and CLI options.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CheckParameterAttribute(string name) : Attribute
{
    public string Name { get; } = name;
    public bool Required { get; init; }
    /// <summary>What a missing required value should have been, in the user's terms; derived from the type when null.</summary>
    public string? Expected { get; init; }
    /// <summary>Inclusive bounds for numbers and durations (seconds); NaN means unbounded.</summary>
    public double Min { get; init; } = double.NaN;
    public double Max { get; init; } = double.NaN;
    /// <summary>The values a string (or each element of a list of strings) may take, matched ignoring case.</summary>
    public string[]? Allowed { get; init; }
    /// <summary>What a present but unusable value must be instead ("must be ..."), where the type's own text says too little.</summary>
    public string? MustBe { get; init; }
}

/// <summary>
/// Fills a check's typed parameter record from the raw values of a checklist item, which is also what cmdlets and
/// CLI commands hand to <see cref="AdHocRun"/>: one conversion and one error text for every way in.
/// Records are read by reflection; every record type reaches it through a <see cref="RecordMembers"/> annotation, so a
/// trimmed (Native AOT) build keeps their properties and constructor and the trim analyzer proves it.
/// </summary>
public static class CheckParameterBinder
{
    /// <summary>What the binder reads of a parameter record: its properties (and their attributes) and <c>new()</c>.</summary>
    public const DynamicallyAccessedMemberTypes RecordMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    private sealed record Slot(PropertyInfo Property, CheckParameterAttribute Parameter);

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Slot>> Slots = new();

    public static IReadOnlyCollection<string> NamesOf<[DynamicallyAccessedMembers(RecordMembers)] T>() => SlotsOf(typeof(T)).Select(s => s.Parameter.Name).ToList();

    /// <summary>The declared parameters of a record type, for docs and tests: name, required, and the record's default.</summary>
    public static IReadOnlyList<(string Name, bool Required, object? Default)> Declared([DynamicallyAccessedMembers(RecordMembers)] Type record)
    {
        var defaults = Activator.CreateInstance(record);
        return SlotsOf(record).Select(s => (s.Parameter.Name, s.Parameter.Required, s.Property.GetValue(defaults))).ToList();
    }

    public static T Bind<[DynamicallyAccessedMembers(RecordMembers)] T>(CheckParameters values) where T : new()
    {
        var record = new T();
        foreach (var slot in SlotsOf(typeof(T)))
        {
            var name = slot.Parameter.Name;
            if (!values.Has(name))
            {
                if (slot.Parameter.Required) throw values.Missing(name, slot.Parameter.Expected ?? Describe(slot.Property.PropertyType));
                continue;
            }
            var value = Convert(values, slot.Parameter, slot.Property.PropertyType);
            CheckRange(values, slot.Parameter, value);
            slot.Property.SetValue(record, value);
        }
        return record;
    }

    // Not GetOrAdd's factory: a lambda's parameter carries no annotation, so the analyzer could not follow the type.
    private static IReadOnlyList<Slot> SlotsOf([DynamicallyAccessedMembers(RecordMembers)] Type type) =>
        Slots.TryGetValue(type, out var slots) ? slots : Slots.GetOrAdd(type, ReadSlots(type));

    private static List<Slot> ReadSlots([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Parameter: p.GetCustomAttribute<CheckParameterAttribute>()))
            .Where(x => x.Parameter is not null)
            .Select(x => new Slot(x.Property, x.Parameter!))
            .ToList();

    private static object? Convert(CheckParameters values, CheckParameterAttribute parameter, Type type)
    {
        var name = parameter.Name;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string)) return parameter.Allowed is { } allowed ? OneOf(values, parameter, allowed, values.GetString(name)!) : values.GetString(name);
        if (target == typeof(long)) return values.GetInt(name);
        if (target == typeof(int))
            return values.GetInt(name) is { } l and >= int.MinValue and <= int.MaxValue ? (int)l : throw values.Invalid(name, "a whole number");
        if (target == typeof(double)) return values.GetDouble(name);
        if (target == typeof(bool)) return values.GetBool(name);
        if (target == typeof(TimeSpan)) return values.GetDuration(name);
        if (target == typeof(DateOnly))
            return DateOnly.TryParseExact(values.GetString(name)!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date : throw values.Invalid(name, parameter.MustBe ?? "a date such as 2026-11-22");
        if (target == typeof(Uri)) return ParseUri(values, parameter);
        if (target.IsEnum) return ParseEnum(values, parameter, target);
        if (target == typeof(IReadOnlyList<string>))
            return parameter.Allowed is { } each
                ? values.GetStringList(name).Select(v => ListElement(values, parameter, each, v)).ToList()
                : values.GetStringList(name);
        if (target == typeof(IReadOnlyDictionary<string, object?>)) return values.GetMap(name);
        if (target == typeof(IReadOnlyList<IReadOnlyDictionary<string, object?>>)) return values.GetMapList(name);
        if (target == typeof(object)) return values.Raw(name);
        throw new NotSupportedException($"A check parameter of type {type.Name} has no binding.");
    }

    private static Uri ParseUri(CheckParameters values, CheckParameterAttribute parameter)
    {
        var text = values.GetString(parameter.Name)!;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw values.Invalid(parameter.Name, parameter.MustBe ?? "an absolute http:// or https:// URL");
    }

    private static object ParseEnum(CheckParameters values, CheckParameterAttribute parameter, Type type)
    {
        var text = values.GetString(parameter.Name)!;
        // Checklists write enum values in lower case with dashes (max-age); the record's names are PascalCase.
        var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
        return match is not null ? Enum.Parse(type, match)
            : throw values.Invalid(parameter.Name, parameter.MustBe ?? "one of " + string.Join(", ", Enum.GetNames(type).Select(Kebab)));
    }

    /// <summary>The allowed value as the record spells it, whatever case the checklist used.</summary>
    private static string OneOf(CheckParameters values, CheckParameterAttribute parameter, string[] allowed, string text) =>
        allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw values.Invalid(parameter.Name, parameter.MustBe ?? "one of " + string.Join(", ", allowed));

    private static string ListElement(CheckParameters values, CheckParameterAttribute parameter, string[] allowed, string text) =>
        allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw values.Invalid(parameter.Name, parameter.MustBe ?? $"a list of: {string.Join(", ", allowed)} ('{text}' is not one)");

    private static void CheckRange(CheckParameters values, CheckParameterAttribute parameter, object? value)
    {
        double? number = value switch
        {
            long l => l,
            int i => i,
            double d => d,
            TimeSpan t => t.TotalSeconds,
            _ => null,
        };
        if (number is not { } n) return;
        var low = double.IsNaN(parameter.Min) ? double.NegativeInfinity : parameter.Min;
        var high = double.IsNaN(parameter.Max) ? double.PositiveInfinity : parameter.Max;
        if (n >= low && n <= high) return;
        var unit = value is TimeSpan ? " seconds" : "";
        // Invariant: a user's culture must not turn the bound 0.5 into "0,5" in an error text.
        var bounds = (double.IsNaN(parameter.Min), double.IsNaN(parameter.Max)) switch
        {
            (false, false) => FormattableString.Invariant($"between {parameter.Min:0.###} and {parameter.Max:0.###}{unit}"),
            (false, true) => FormattableString.Invariant($"at least {parameter.Min:0.###}{unit}"),
            _ => FormattableString.Invariant($"at most {parameter.Max:0.###}{unit}"),
        };
        throw values.Invalid(parameter.Name, bounds);
    }

    private static string Describe(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(long) || target == typeof(int)) return "a whole number";
        if (target == typeof(double)) return "a number";
        if (target == typeof(bool)) return "true or false";
        if (target == typeof(TimeSpan)) return "a duration such as 30s, 5m, 2h or 7d";
        if (target == typeof(DateOnly)) return "a date such as 2026-11-22";
        if (target == typeof(Uri)) return "an absolute http:// or https:// URL";
        if (target.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(target).Select(Kebab));
        if (target == typeof(IReadOnlyList<string>)) return "a list of strings";
        if (target == typeof(IReadOnlyDictionary<string, object?>)) return "a map of names to values";
        if (target == typeof(IReadOnlyList<IReadOnlyDictionary<string, object?>>)) return "a list of maps";
        return "a string";
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
