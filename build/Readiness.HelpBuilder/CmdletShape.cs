using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;

namespace Readiness.HelpBuilder;

/// <summary>A parameter's metadata in one parameter set, as pwsh binds it.</summary>
internal sealed record SetBinding(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName)
{
    public string PipelineInput => PipelineText(ByValue, ByPropertyName);

    public static string PipelineText(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}

internal sealed record ParameterShape(
    string Name, Type Type, IReadOnlyList<string> Aliases, IReadOnlyList<SetBinding> Sets,
    IReadOnlyList<string> AcceptedValues, string DefaultValue, bool Wildcards)
{
    public bool IsSwitch => Type == typeof(SwitchParameter);
    public bool IsShouldProcess => Name is "WhatIf" or "Confirm";
    /// <summary>What the parameters section can say for every set at once: required only when required in all.</summary>
    public bool Required => Sets.All(s => s.Mandatory);
    public string Position => Sets.Select(s => s.Position).Distinct().ToList() is [{ } only] ? only.ToString(CultureInfo.InvariantCulture) : "named";
    public string PipelineInput => SetBinding.PipelineText(Sets.Any(s => s.ByValue), Sets.Any(s => s.ByPropertyName));
}

internal sealed record ParameterSetShape(string Name, bool IsDefault, IReadOnlyList<(ParameterShape Parameter, SetBinding Binding)> Parameters);

/// <summary>
/// One cmdlet exactly as pwsh sees it after Import-Module: Get-Command's parameter sets and metadata, plus the
/// default values a fresh instance of the cmdlet class holds.
/// </summary>
internal sealed class CmdletShape
{
    public const string AllSets = "__AllParameterSets";

    private static readonly HashSet<string> Common = new(Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters).Except(new[] { "WhatIf", "Confirm" }), StringComparer.OrdinalIgnoreCase);

    public required string Name { get; init; }
    public required string Verb { get; init; }
    public required string Noun { get; init; }
    public required IReadOnlyList<ParameterShape> Parameters { get; init; }
    public required IReadOnlyList<ParameterSetShape> ParameterSets { get; init; }
    public required IReadOnlyList<Type> OutputTypes { get; init; }
    public required string? HelpUri { get; init; }

    public static CmdletShape From(CmdletInfo info)
    {
        object? instance = null;
        try { instance = Activator.CreateInstance(info.ImplementingType); }
        catch (Exception ex) { throw new InvalidOperationException($"{info.Name}: cannot create {info.ImplementingType} to read its default values: {ex.Message}", ex); }

        var parameters = info.Parameters.Values.Where(p => !Common.Contains(p.Name)).Select(p => new ParameterShape(
            p.Name, p.ParameterType, p.Aliases.ToList(),
            p.ParameterSets.Select(s => new SetBinding(s.Key, s.Value.IsMandatory, s.Value.Position >= 0 ? s.Value.Position : null,
                s.Value.ValueFromPipeline, s.Value.ValueFromPipelineByPropertyName)).ToList(),
            AcceptedValues(p.ParameterType, p.Attributes),
            DefaultValue(instance, info.ImplementingType, p.Name, p.ParameterType),
            p.Attributes.OfType<SupportsWildcardsAttribute>().Any())).ToList();
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        var sets = info.ParameterSets.Select(set => new ParameterSetShape(set.Name, set.IsDefault,
            set.Parameters.Where(p => byName.ContainsKey(p.Name)).Select(p => byName[p.Name])
                .Select(p => (p, p.Sets.FirstOrDefault(s => s.SetName == set.Name) ?? p.Sets.First(s => s.SetName == AllSets)))
                .OrderBy(x => x.Item1.IsShouldProcess ? 3 : x.Item2.Position is not null ? 0 : x.Item2.Mandatory ? 1 : 2)
                .ThenBy(x => x.Item2.Position ?? 0)
                .ToList())).ToList();

        return new CmdletShape
        {
            Name = info.Name,
            Verb = info.Verb,
            Noun = info.Noun,
            Parameters = parameters,
            ParameterSets = sets,
            OutputTypes = info.OutputType.Select(o => o.Type).Where(t => t is not null).Distinct().ToList(),
            HelpUri = info.ImplementingType.GetCustomAttribute<CmdletAttribute>()?.HelpUri is { Length: > 0 } uri ? uri : null,
        };
    }

    /// <summary>ValidateSet values, else the names of an enum type (also of arrays and nullables of one).</summary>
    private static IReadOnlyList<string> AcceptedValues(Type type, IEnumerable<Attribute> attributes)
    {
        var set = attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
        if (set is not null) return set.ValidValues.ToList();
        var element = TypeNames.Element(type);
        return element.IsEnum ? Enum.GetNames(element) : Array.Empty<string>();
    }

    /// <summary>What a fresh cmdlet instance holds, the way the Pester suite reads it back: "None" for nothing.</summary>
    internal static string DefaultValue(object? instance, Type type, string name, Type parameterType)
    {
        var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        // -WhatIf and -Confirm have no property on the cmdlet; like every switch they are off until given.
        if (property is null && parameterType == typeof(SwitchParameter)) return "False";
        object? value = property is not null && instance is not null ? property.GetValue(instance) : null;
        return Format(value);
    }

    internal static string Format(object? value) => value switch
    {
        null => "None",
        SwitchParameter s => s.IsPresent ? "True" : "False",
        bool b => b ? "True" : "False",
        string s => s.Length == 0 ? "None" : s,
        IDictionary d => d.Count == 0 ? "None" : string.Join(", ", d.Keys.Cast<object>().Select(k => $"{k}={Format(d[k])}")),
        IEnumerable e => e.Cast<object?>().Select(Format).ToList() is { Count: > 0 } items ? string.Join(", ", items) : "None",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() is { Length: > 0 } text ? text : "None",
    };
}

/// <summary>Type names as help shows them: full for the type entry, short for the value placeholder.</summary>
internal static class TypeNames
{
    public static Type Element(Type type)
    {
        if (type.IsArray) return Element(type.GetElementType()!);
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    public static string Full(Type type) => Name(type, full: true);
    public static string Short(Type type) => Name(type, full: false);

    private static string Name(Type type, bool full)
    {
        if (type.IsArray) return Name(type.GetElementType()!, full) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } inner) return Name(inner, full);
        var name = full ? type.FullName ?? type.Name : type.Name;
        if (!type.IsGenericType) return name;
        var tick = name.IndexOf('`');
        var stem = tick < 0 ? name : name[..tick];
        return $"{stem}[{string.Join(", ", type.GetGenericArguments().Select(a => Name(a, full)))}]";
    }
}
