using System.Reflection;

namespace Readiness.PowerShell.Tests;

/// <summary>Everything the contract tests need to know about one compiled cmdlet, read through MetadataLoadContext.</summary>
public sealed record CmdletInfo(
    string Name, string Verb, string Noun, Type Type, bool SupportsShouldProcess, string? DefaultParameterSetName,
    IReadOnlyList<OutputTypeInfo> OutputTypes, IReadOnlyList<ParameterInfo> Parameters)
{
    public const string AllSets = "__AllParameterSets";

    /// <summary>Named parameter sets; a cmdlet without any has the single implicit set.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != AllSets).Distinct().ToList();
            return named.Count == 0 ? new[] { AllSets } : named;
        }
    }

    /// <summary>The parameters usable in <paramref name="set"/> with their metadata for that set.</summary>
    public IEnumerable<(ParameterInfo Parameter, ParameterSetInfo Set)> In(string set) =>
        Parameters.SelectMany(p => p.Sets.Where(s => s.SetName == set || s.SetName == AllSets).Take(1).Select(s => (p, s)));

    public override string ToString() => Name;
}

public sealed record OutputTypeInfo(Type Type, IReadOnlyList<string> ParameterSets);

public sealed record ParameterInfo(string Name, Type Type, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetInfo> Sets)
{
    public IEnumerable<string> NamesAndAliases => Aliases.Prepend(Name);
    public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";
}

public sealed record ParameterSetInfo(string SetName, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

/// <summary>
/// Reads every cmdlet compiled into the shipped Readiness.PowerShell.dll without loading it for execution, so
/// cmdlets other helpers add later are covered with no change here.
/// </summary>
public sealed class CmdletCatalog : IDisposable
{
    private static readonly Lazy<CmdletCatalog> Shared = new(() => new CmdletCatalog(ModuleLayout.ModuleFolder));

    public static CmdletCatalog Instance => Shared.Value;

    private readonly MetadataLoadContext _context;

    public CmdletCatalog(string moduleFolder)
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = Directory.GetFiles(runtime, "*.dll")
            .Concat(Directory.GetFiles(moduleFolder, "*.dll"))
            .Concat(Directory.Exists(Path.Combine(moduleFolder, "Dependencies")) ? Directory.GetFiles(Path.Combine(moduleFolder, "Dependencies"), "*.dll") : Array.Empty<string>())
            .Append(ModuleLayout.PowerShellReferenceAssembly)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()); // module copies win over the runtime's
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        ModuleAssembly = _context.LoadFromAssemblyPath(Path.Combine(moduleFolder, "Readiness.PowerShell.dll"));
        ModelAssembly = _context.LoadFromAssemblyPath(Path.Combine(moduleFolder, "Readiness.Model.dll"));
        Cmdlets = ModuleAssembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && Attribute(t, "CmdletAttribute") is not null)
            .Select(Read)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Assembly ModuleAssembly { get; }
    public Assembly ModelAssembly { get; }
    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public CmdletInfo Get(string name) => Cmdlets.Single(c => c.Name == name);

    /// <summary>The assemblies in the module root: what the default context (and so the console, format views and type literals) sees.</summary>
    public IReadOnlyList<Assembly> RootAssemblies => new[] { ModuleAssembly, ModelAssembly };

    private static CmdletInfo Read(Type type)
    {
        var cmdlet = Attribute(type, "CmdletAttribute")!;
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var outputs = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute").SelectMany(ReadOutputTypes).ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            .Select(ReadParameter).Where(p => p is not null).Select(p => p!).ToList();
        return new CmdletInfo($"{verb}-{noun}", verb, noun, type,
            Named<bool>(cmdlet, "SupportsShouldProcess"), Named<string>(cmdlet, "DefaultParameterSetName"), outputs, parameters);
    }

    private static IEnumerable<OutputTypeInfo> ReadOutputTypes(CustomAttributeData attribute)
    {
        var sets = Named<string[]>(attribute, "ParameterSetName") ?? Array.Empty<string>();
        foreach (var arg in attribute.ConstructorArguments)
        {
            var values = arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(v => v.Value) : new[] { arg.Value };
            foreach (var v in values)
                if (v is Type t) yield return new OutputTypeInfo(t, sets);
                else if (v is string name) throw new InvalidOperationException($"OutputType by name '{name}' on a compiled cmdlet: use typeof(...) so the type is checked.");
        }
    }

    private static ParameterInfo? ReadParameter(MemberInfo member)
    {
        var attributes = member.GetCustomAttributesData();
        var sets = attributes.Where(a => a.AttributeType.Name == "ParameterAttribute").Select(a => new ParameterSetInfo(
            Named<string>(a, "ParameterSetName") ?? CmdletInfo.AllSets,
            Named<bool>(a, "Mandatory"),
            a.NamedArguments.Any(n => n.MemberName == "Position") && Named<int>(a, "Position") >= 0 ? Named<int>(a, "Position") : null,
            Named<bool>(a, "ValueFromPipeline"),
            Named<bool>(a, "ValueFromPipelineByPropertyName"))).ToList();
        if (sets.Count == 0) return null;
        var aliases = attributes.Where(a => a.AttributeType.Name == "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many
                ? many.Select(v => (string)v.Value!) : new[] { (string)arg.Value! })).ToList();
        var type = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        return new ParameterInfo(member.Name, type, aliases, sets);
    }

    private static CustomAttributeData? Attribute(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        var arg = attribute.NamedArguments.FirstOrDefault(n => n.MemberName == name);
        if (arg.MemberInfo is null) return default;
        if (typeof(T) == typeof(string[]) && arg.TypedValue.Value is IEnumerable<CustomAttributeTypedArgument> items)
            return (T)(object)items.Select(i => (string)i.Value!).ToArray();
        if (typeof(T) == typeof(string[]) && arg.TypedValue.Value is string single)
            return (T)(object)new[] { single };
        return (T?)arg.TypedValue.Value;
    }

    public void Dispose() => _context.Dispose();
}
