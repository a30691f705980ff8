using System.Management.Automation;

namespace Readiness.PowerShell.Loading;

/// <summary>
/// Runs when Import-Module loads Readiness.PowerShell.dll, before any cmdlet executes: registers the handler that
/// loads the engine into the private context. Cmdlet classes keep engine types out of their fields and parameters,
/// so PowerShell can inspect them before this has run.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => ModuleAssemblyResolver.Register();

    public void OnRemove(PSModuleInfo psModuleInfo) => ModuleAssemblyResolver.Unregister();
}
