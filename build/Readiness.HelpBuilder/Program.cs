using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Readiness.HelpBuilder;

/// <summary>
/// Usage: Readiness.HelpBuilder --module out/Readiness --docs docs [--output out/Readiness/en-US]
/// Exit 0 with the help written; 1 when a cmdlet, parameter, example or output lacks its text in docs (every problem
/// listed, nothing written), so help cannot drift from the compiled cmdlets without the build saying so; 2 for usage.
/// </summary>
internal static class Program
{
    public const string MamlFileName = "Readiness.PowerShell.dll-Help.xml";

    private static int Main(string[] args)
    {
        var options = ParseArgs(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: Readiness.HelpBuilder --module <folder with Readiness.psd1> --docs <docs folder> [--output <culture folder>]");
            return 2;
        }
        var (module, docs, output) = options.Value;
        var (cmdlets, projectUri) = LoadCmdlets(Path.Combine(module, "Readiness.psd1"));
        var pages = Directory.GetFiles(Path.Combine(docs, "cmdlets"), "*-*.md").Select(DocPage.ReadFile)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        var merge = HelpMerge.Merge(cmdlets, pages, projectUri);
        foreach (var warning in merge.Warnings) Console.Error.WriteLine($"help: warning: {warning}");
        if (merge.Problems.Count > 0)
        {
            foreach (var problem in merge.Problems) Console.Error.WriteLine($"help: error: {problem}");
            Console.Error.WriteLine($"help: {merge.Problems.Count} problem(s); no help written. Add the text to docs/cmdlets/.");
            return 1;
        }

        var maml = Path.Combine(output, MamlFileName);
        MamlWriter.WriteFile(merge.Commands, maml);
        foreach (var about in Directory.GetFiles(docs, "about_*.md"))
            File.WriteAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(about) + ".help.txt"), MamlWriter.AboutText(File.ReadAllText(about)));
        Console.Error.WriteLine($"help: wrote help for {merge.Commands.Count} cmdlets to {maml}");
        return 0;
    }

    private static (string Module, string Docs, string Output)? ParseArgs(string[] args)
    {
        string? module = null, docs = null, output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--module": module = args[i + 1]; break;
                case "--docs": docs = args[i + 1]; break;
                case "--output": output = args[i + 1]; break;
                default: return null;
            }
        }
        if (module is null || docs is null || args.Length % 2 != 0) return null;
        return (Path.GetFullPath(module), Path.GetFullPath(docs), Path.GetFullPath(output ?? Path.Combine(module, "en-US")));
    }

    /// <summary>The cmdlets as pwsh sees them after Import-Module of the laid-out module, and its ProjectUri.</summary>
    private static (List<CmdletShape> Cmdlets, string ProjectUri) LoadCmdlets(string manifest)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create(runspace);
        var module = ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("PassThru").AddParameter("ErrorAction", "Stop")
            .Invoke<PSModuleInfo>().Single();
        ps.Commands.Clear();
        var cmdlets = ps.AddCommand("Get-Command").AddParameter("Module", module.Name).AddParameter("CommandType", CommandTypes.Cmdlet)
            .Invoke<CmdletInfo>().OrderBy(c => c.Name, StringComparer.Ordinal).Select(CmdletShape.From).ToList();
        if (module.ProjectUri is null) throw new InvalidOperationException($"{manifest} has no PrivateData.PSData.ProjectUri: the online help link is made from it.");
        return (cmdlets, module.ProjectUri.ToString().TrimEnd('/'));
    }
}
