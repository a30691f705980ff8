using System.Reflection;
using System.Xml.Linq;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// Design rules every cmdlet in the shipped module keeps, read from the compiled metadata because that is cheaper
/// than a runspace and says which rule broke. What pwsh itself does with the cmdlets (binding, pipelines, views) is
/// tested in a real runspace: <see cref="CmdletsInPwshTests"/>, <see cref="PipelineBindingTests"/>.
/// Each test walks all cmdlets, so a cmdlet added later is covered without touching this file.
/// </summary>
public sealed class CmdletContractTests
{
    /// <summary>`Get-Verb` in PowerShell 7.4.</summary>
    public static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        // Common
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip",
        "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
        // Communications
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        // Data
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
        "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update",
        // Diagnostic
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        // Lifecycle
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
        "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        // Other
        "Use",
        // Security
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
    };

    /// <summary>
    /// Verbs that change state and therefore must offer -WhatIf/-Confirm. Export is here because it writes files
    /// (as Export-Csv does); Invoke because our Invoke- cmdlets send load to a target.
    /// </summary>
    public static readonly HashSet<string> StateChangingVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Approve", "Backup", "Clear", "Copy", "Deny", "Deploy", "Disable", "Enable", "Export", "Grant", "Install",
        "Invoke", "Move", "Publish", "Register", "Remove", "Rename", "Reset", "Restart", "Restore", "Revoke", "Save", "Set",
        "Start", "Stop", "Submit", "Uninstall", "Unregister", "Unpublish", "Update", "Write",
    };

    /// <summary>Verbs that only read or compute and must not pretend to change anything.</summary>
    public static readonly HashSet<string> ReadOnlyVerbs = new(StringComparer.Ordinal)
    {
        "Assert", "Compare", "ConvertFrom", "ConvertTo", "Convert", "Find", "Format", "Get", "Group", "Import", "Measure",
        "Read", "Resolve", "Search", "Select", "Show", "Test", "Trace", "Wait", "Watch",
    };

    /// <summary>
    /// Verbs whose cmdlets may go either way, decided per cmdlet: New- creates an object in memory
    /// (New-WebhookSignature computes a signature) unless it writes somewhere, in which case it supports ShouldProcess.
    /// </summary>
    public static readonly HashSet<string> EitherVerbs = new(StringComparer.Ordinal) { "New" };

    /// <summary>
    /// Cmdlets with a read-only verb that still change state on the target, so they offer -WhatIf/-Confirm.
    /// Each is a deliberate, documented decision.
    /// </summary>
    public static readonly Dictionary<string, string> ReadOnlyVerbButChangesState = new(StringComparer.Ordinal)
    {
        ["Test-ReadinessRateLimit"] = "sends bursts of requests (and failed logins) that can trip rate limits and lock accounts on the target",
        ["Test-WebhookReplay"] = "sends signed deliveries the receiver processes like real ones",
        ["Get-ReadinessReport"] = "runs checklists whose items send load, signed webhooks and failed logins",
    };

    public static IEnumerable<object[]> AllCmdlets() => CmdletCatalog.Instance.Cmdlets.Select(c => new object[] { c.Name });

    private static CmdletInfo Cmdlet(string name) => CmdletCatalog.Instance.Get(name);

    [Fact]
    public void TheModuleShipsItsCoreCmdlets()
    {
        var names = CmdletCatalog.Instance.Cmdlets.Select(c => c.Name).ToList();
        Assert.Contains("Get-ReadinessReport", names);
        Assert.Contains("Import-ReadinessChecklist", names);
        Assert.Contains("Export-ReadinessReport", names);
        Assert.Contains("Approve-ReadinessItem", names);
        Assert.Contains("Assert-ReadinessReport", names);
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void VerbIsApproved(string name) =>
        Assert.True(ApprovedVerbs.Contains(Cmdlet(name).Verb), $"{name}: '{Cmdlet(name).Verb}' is not an approved verb (Get-Verb).");

    [Theory, MemberData(nameof(AllCmdlets))]
    public void NounIsPrefixedAndSingular(string name)
    {
        var noun = Cmdlet(name).Noun;
        Assert.True(noun.Length > 1 && char.IsUpper(noun[0]), $"{name}: the noun should be PascalCase.");
        Assert.False(noun.EndsWith("ies", StringComparison.Ordinal) && !noun.EndsWith("Series", StringComparison.Ordinal),
            $"{name}: nouns are singular.");
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void EveryCmdletDeclaresOutputTypesThatShipInTheDefaultContext(string name)
    {
        var cmdlet = Cmdlet(name);
        Assert.True(cmdlet.OutputTypes.Count > 0, $"{name} has no [OutputType].");
        foreach (var output in cmdlet.OutputTypes)
        {
            var assembly = output.Type.Assembly.GetName().Name!;
            if (!assembly.StartsWith("Readiness", StringComparison.Ordinal))
            {
                // A framework type (bool for -Quiet, string for rendered text, FileInfo): it must resolve.
                Assert.False(string.IsNullOrEmpty(output.Type.FullName), $"{name}: output type does not resolve.");
                continue;
            }
            // Readiness types users see must live in the module root (default context), never in Dependencies/,
            // or format views and type literals would not find them.
            Assert.Contains(output.Type.Assembly, CmdletCatalog.Instance.RootAssemblies);
            foreach (var set in output.ParameterSets)
                Assert.Contains(set, cmdlet.ParameterSets);
        }
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void ParameterTypesAreVisibleToPowerShellBeforeTheEngineLoads(string name)
    {
        // PowerShell reads parameter types when it builds command metadata; a type from Dependencies/ could be
        // resolved in the wrong context. Parameters use Model, PowerShell or framework types only.
        foreach (var p in Cmdlet(name).Parameters)
        {
            var element = p.Type.IsArray ? p.Type.GetElementType()! : p.Type;
            if (element.IsGenericType && element.GetGenericTypeDefinition().FullName == "System.Nullable`1") element = element.GetGenericArguments()[0];
            var assembly = element.Assembly.GetName().Name!;
            Assert.True(!assembly.StartsWith("Readiness", StringComparison.Ordinal) || assembly == "Readiness.Model",
                $"{name} -{p.Name}: parameter type {element.FullName} comes from {assembly}; use a Readiness.Model or framework type.");
        }
    }

    [Fact]
    public void ExportedTypesLoadBeforeTheEngineIsReachable()
    {
        // Import-Module calls GetExportedTypes() on Readiness.PowerShell.dll BEFORE the module initializer wires the
        // private load context. Loading a public type resolves its base types, interfaces and value-type fields, so
        // none of those may come from Dependencies/ (the engine or a third-party library), or Import-Module fails
        // with "Could not load file or assembly 'Readiness.Core'". Method bodies and reference-type fields are fine.
        var shippedOnlyInDependencies = Directory.GetFiles(ModuleLayout.DependencyFolder, "*.dll")
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var type in CmdletCatalog.Instance.ModuleAssembly.GetExportedTypes())
        {
            var touched = new List<(string What, Type Type)>();
            for (var t = type.BaseType; t is not null; t = t.BaseType) touched.Add(("base type", t));
            touched.AddRange(type.GetInterfaces().Select(i => ("interface", i)));
            touched.AddRange(type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Where(f => f.FieldType.IsValueType).Select(f => ($"field {f.Name}", f.FieldType)));
            foreach (var (what, t) in touched)
            {
                var all = t.IsGenericType ? t.GetGenericArguments().Append(t) : new[] { t };
                foreach (var x in all.Where(x => shippedOnlyInDependencies.Contains(x.Assembly.GetName().Name!)))
                    problems.Add($"{type.FullName}: {what} {x.FullName} is in Dependencies/{x.Assembly.GetName().Name}.dll");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void CmdletsDeriveFromTheReadinessBaseAndAreNamedForTheirCommand(string name)
    {
        var cmdlet = Cmdlet(name);
        var bases = new List<string>();
        for (var t = cmdlet.Type.BaseType; t is not null; t = t.BaseType) bases.Add(t.FullName!);
        Assert.Contains("Readiness.PowerShell.Hosting.ReadinessCmdlet", bases);
        Assert.Equal($"{cmdlet.Verb}{cmdlet.Noun}Cmdlet", cmdlet.Type.Name);
        Assert.True(cmdlet.Type.IsSealed, $"{cmdlet.Type.Name} should be sealed.");
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void PositionsAreUniqueWithinEachParameterSet(string name)
    {
        var cmdlet = Cmdlet(name);
        foreach (var set in cmdlet.ParameterSets)
        {
            var clashes = cmdlet.In(set).Where(x => x.Set.Position is not null).GroupBy(x => x.Set.Position)
                .Where(g => g.Count() > 1).Select(g => $"position {g.Key}: {string.Join(", ", g.Select(x => x.Parameter.Name))}").ToList();
            Assert.True(clashes.Count == 0, $"{name} set '{set}': {string.Join("; ", clashes)}.");
        }
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void AtMostOneValueFromPipelineParameterPerSet(string name)
    {
        var cmdlet = Cmdlet(name);
        foreach (var set in cmdlet.ParameterSets)
        {
            var byValue = cmdlet.In(set).Where(x => x.Set.ValueFromPipeline).Select(x => x.Parameter.Name).ToList();
            Assert.True(byValue.Count <= 1, $"{name} set '{set}' takes pipeline input by value in {string.Join(", ", byValue)}: which one binds is ambiguous.");
        }
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void DefaultParameterSetExistsAndIsNeededOnlyWithSeveralSets(string name)
    {
        var cmdlet = Cmdlet(name);
        var sets = cmdlet.ParameterSets.Where(s => s != CmdletInfo.AllSets).ToList();
        if (cmdlet.DefaultParameterSetName is { } defaultSet)
        {
            if (sets.Contains(defaultSet)) return;
            // A default set with no parameters of its own ("Unsigned" beside "KeyFile" and "Kms") is a PowerShell idiom;
            // it only works when every named set needs a mandatory parameter, or a call without them would be ambiguous.
            var optionalOnly = sets.Where(s => !cmdlet.Parameters.Any(p => p.Sets.Any(x => x.SetName == s && x.Mandatory))).ToList();
            Assert.True(optionalOnly.Count == 0,
                $"{name}: DefaultParameterSetName '{defaultSet}' names no parameter set, and sets {string.Join(", ", optionalOnly)} have no mandatory parameter to tell them apart from it.");
        }
        else
            Assert.True(sets.Count <= 1, $"{name} has sets {string.Join(", ", sets)} and no DefaultParameterSetName: PowerShell cannot choose when the call is ambiguous.");
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void EveryParameterSetCanBeSelected(string name)
    {
        // A set is reachable when it is the default, or something bound only there (a parameter, or pipeline input
        // of a type) tells PowerShell to choose it. Otherwise its mandatory parameters can never be asked for.
        var cmdlet = Cmdlet(name);
        var sets = cmdlet.ParameterSets.Where(s => s != CmdletInfo.AllSets).ToList();
        if (sets.Count <= 1) return;
        foreach (var set in sets.Where(s => s != cmdlet.DefaultParameterSetName))
        {
            var own = cmdlet.Parameters.Where(p => p.Sets.Any(s => s.SetName == set) && p.Sets.All(s => s.SetName != CmdletInfo.AllSets)
                                                   && !p.Sets.Any(s => s.SetName == cmdlet.DefaultParameterSetName)).ToList();
            // ...or the default set needs a mandatory parameter this set lacks, so leaving it out rules the default out.
            var defaultOnlyMandatory = cmdlet.DefaultParameterSetName is { } d && cmdlet.Parameters.Any(p =>
                p.Sets.Any(s => s.SetName == d && s.Mandatory) && p.Sets.All(s => s.SetName != set && s.SetName != CmdletInfo.AllSets));
            Assert.True(own.Count > 0 || defaultOnlyMandatory, $"{name} set '{set}' has no parameter of its own, so PowerShell can never select it.");
        }
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void MandatoryParametersCanBeSupplied(string name)
    {
        // A mandatory parameter must be bindable somehow: by name (always), so what matters is that a mandatory
        // SwitchParameter does not exist (it would have to be passed to mean anything) and that mandatory positional
        // parameters come before optional ones in each set.
        var cmdlet = Cmdlet(name);
        foreach (var (p, s) in cmdlet.ParameterSets.SelectMany(set => cmdlet.In(set)))
            Assert.False(s.Mandatory && p.IsSwitch, $"{name} -{p.Name}: a mandatory switch cannot be false; make it optional.");
        foreach (var set in cmdlet.ParameterSets)
        {
            var positional = cmdlet.In(set).Where(x => x.Set.Position is not null).OrderBy(x => x.Set.Position).ToList();
            var firstOptional = positional.FindIndex(x => !x.Set.Mandatory);
            if (firstOptional < 0) continue;
            var lateMandatory = positional.Skip(firstOptional).Where(x => x.Set.Mandatory).Select(x => x.Parameter.Name).ToList();
            Assert.True(lateMandatory.Count == 0, $"{name} set '{set}': mandatory positional {string.Join(", ", lateMandatory)} after an optional one.");
        }
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void ShouldProcessIsSupportedExactlyByStateChangingCmdlets(string name)
    {
        var cmdlet = Cmdlet(name);
        if (StateChangingVerbs.Contains(cmdlet.Verb))
            Assert.True(cmdlet.SupportsShouldProcess, $"{name} changes state ('{cmdlet.Verb}') and must set SupportsShouldProcess for -WhatIf/-Confirm.");
        else if (ReadOnlyVerbButChangesState.ContainsKey(name))
            Assert.True(cmdlet.SupportsShouldProcess, $"{name} {ReadOnlyVerbButChangesState[name]}: it must support -WhatIf/-Confirm.");
        else if (ReadOnlyVerbs.Contains(cmdlet.Verb))
            Assert.False(cmdlet.SupportsShouldProcess, $"{name} only reads ('{cmdlet.Verb}'); -WhatIf would promise a change it never makes.");
        else
            Assert.True(EitherVerbs.Contains(cmdlet.Verb),
                $"{name}: classify the verb '{cmdlet.Verb}' as state-changing or read-only in {nameof(CmdletContractTests)}.");
    }

    [Theory, MemberData(nameof(AllCmdlets))]
    public void TestCmdletsOfferQuietReturningABoolean(string name)
    {
        var cmdlet = Cmdlet(name);
        if (cmdlet.Verb != "Test") return;
        var quiet = cmdlet.Parameters.SingleOrDefault(p => p.Name == "Quiet");
        Assert.True(quiet is not null && quiet.IsSwitch, $"{name} must have a -Quiet switch (PowerShell's convention for Test- cmdlets).");
        Assert.Contains(cmdlet.OutputTypes, o => o.Type.FullName == "System.Boolean");
    }

    [Fact]
    public void EveryByPropertyNameParameterIsFedByAShippedOutputOrAFileObject()
    {
        // Property names line up: a parameter that binds by property name must match a property (by name or alias)
        // of something our cmdlets emit, or one of the well-known external inputs below.
        var catalog = CmdletCatalog.Instance;
        var outputTypes = catalog.Cmdlets.SelectMany(c => c.OutputTypes).Select(o => o.Type)
            .Where(t => t.Assembly.GetName().Name!.StartsWith("Readiness", StringComparison.Ordinal)).Distinct().ToList();
        // Inputs from outside the module that bind by property name the PowerShell way: file objects from
        // Get-ChildItem, and endpoint rows (Import-Csv endpoints.csv | Test-...) with a Uri or Url column.
        var fileSystemProperties = new[] { "FullName", "Name", "PSPath", "LiteralPath", "Path", "Uri", "Url" };
        foreach (var cmdlet in catalog.Cmdlets)
            foreach (var p in cmdlet.Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipelineByPropertyName)))
            {
                var fed = p.NamesAndAliases.Any(n => fileSystemProperties.Contains(n, StringComparer.OrdinalIgnoreCase)
                                                     || outputTypes.Any(t => t.GetProperty(n, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null));
                Assert.True(fed, $"{cmdlet.Name} -{p.Name} binds by property name, but no Readiness output type has a property '{p.Name}' (or an alias).");
            }
    }

    [Fact]
    public void EveryTestCmdletEmitsWhatGetReadinessReportTakesFromThePipeline()
    {
        var catalog = CmdletCatalog.Instance;
        foreach (var test in catalog.Cmdlets.Where(c => c.Verb == "Test" && !TestCmdletsThatCheckNoItem.Contains(c.Name)))
            foreach (var output in test.OutputTypes.Where(o => o.Type.FullName != "System.Boolean"))
                Assert.True(TakesByValue(catalog.Get("Get-ReadinessReport"), output.Type),
                    $"{test.Name} emits {output.Type.FullName}, which Get-ReadinessReport cannot take from the pipeline.");
    }

    /// <summary>
    /// Test- cmdlets that verify an artifact rather than a checklist item, so their result is not a CheckResult:
    /// Test-ReadinessEvidence checks an evidence bundle's hashes and signature (EvidenceVerification).
    /// </summary>
    public static readonly HashSet<string> TestCmdletsThatCheckNoItem = new(StringComparer.Ordinal) { "Test-ReadinessEvidence" };

    private static bool TakesByValue(CmdletInfo cmdlet, Type input) =>
        cmdlet.Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipeline)).Any(p =>
        {
            var target = p.Type.IsArray ? p.Type.GetElementType()! : p.Type;
            return target.IsAssignableFrom(input) || target.FullName == "System.Object" || target.FullName == "System.Management.Automation.PSObject";
        });

    [Fact]
    public void EveryReadinessOutputTypeHasTableAndListViews()
    {
        var format = XDocument.Load(ModuleLayout.FormatPath);
        var views = format.Descendants("View").Select(v => (
            Type: v.Element("ViewSelectedBy")?.Element("TypeName")?.Value.Trim(),
            Kind: v.Elements().Select(e => e.Name.LocalName).FirstOrDefault(n => n.EndsWith("Control", StringComparison.Ordinal)))).ToList();
        var types = CmdletCatalog.Instance.Cmdlets.SelectMany(c => c.OutputTypes).Select(o => o.Type)
            .Where(t => t.Assembly.GetName().Name!.StartsWith("Readiness", StringComparison.Ordinal))
            .Append(CmdletCatalog.Instance.ModelAssembly.GetType("Readiness.ChecklistItem", true)!)
            .Select(t => t.FullName!).Distinct().ToList();
        foreach (var type in types)
        {
            Assert.True(views.Any(v => v.Type == type && v.Kind == "TableControl"), $"{type} has no table view in Readiness.format.ps1xml.");
            Assert.True(views.Any(v => v.Type == type && v.Kind == "ListControl"), $"{type} has no list view in Readiness.format.ps1xml.");
        }
        // One view of each kind per type: a second one would silently shadow the first.
        var duplicates = views.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => $"{g.Key.Type} ({g.Key.Kind})").ToList();
        Assert.True(duplicates.Count == 0, $"Duplicate views: {string.Join(", ", duplicates)}.");
        Assert.All(views, v => Assert.StartsWith("Readiness.", v.Type));
    }
}
