namespace Readiness.PowerShell;

/// <summary>Module entry assembly: cmdlets, module initializer and the private load context.</summary>
internal static class ModuleInfo
{
    public const string Name = "Readiness";
}
