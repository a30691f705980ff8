using System.CommandLine;
using System.Reflection;
using Readiness.Cli.Commands;
using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Cli;

/// <summary>A `readiness` subcommand. Each lives in its own class under Commands/ and is listed in <see cref="CliCommands.Listed"/>.</summary>
public interface ICliCommand
{
    /// <summary>The subcommand's name, known without building it.</summary>
    string Name { get; }
    Command Build();
}

public static class ExitCodes
{
    public const int Go = 0;
    /// <summary>NoGo, or Conditional with --strict.</summary>
    public const int Findings = 1;
    /// <summary>Usage, checklist or tool error.</summary>
    public const int UsageOrChecklistError = 2;
}

public static class CliCommands
{
    static CliCommands() => Readiness.Core.Reporting.ReportWriters.Register(new TableReportWriter());

    /// <summary>
    /// Every subcommand, written out rather than found by reflection so a trimmed (Native AOT) build keeps them all.
    /// A new command class goes here; CliCommandsTests names any class that is missing.
    /// </summary>
    public static IReadOnlyList<ICliCommand> Listed() =>
    [
        new AttestCommand(),
        new DemoCommand(),
        new DiffCommand(),
        new EvidenceCommand(),
        new ExportMarkdownCommand(),
        new ImportCommand(),
        new KubernetesCommand(),
        new LoadCommand(),
        new RunbookCommand(),
        new RunCommand(),
        new SecretsCommand(),
        new SecurityCommand(),
        new VerifyAttestationsCommand(),
        new VerifyEvidenceCommand(),
        new VersionCommand(),
        new WaiveCommand(),
        new WebhookSignCommand(),
        new WebhookTestCommand(),
    ];

    public static IEnumerable<Command> All() =>
        Listed().Select(c => c.Build()).OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// The root command with only the subcommand <paramref name="args"/> start with, or with all of them when the first
    /// argument names none (help, a root option, a typo that the parser answers with the names it knows). Building every
    /// command's options for a run that uses one showed in each cold start.
    /// </summary>
    public static RootCommand Root(string[] args)
    {
        var root = new RootCommand("readiness: production-readiness checklists as executable checks with a Go/No-Go decision.");
        var invoked = args.Length > 0 ? Listed().FirstOrDefault(c => c.Name == args[0]) : null;
        foreach (var command in invoked is null ? All() : [invoked.Build()]) root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine($"readiness: {error.Message}");
                return ExitCodes.UsageOrChecklistError;
            }
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token);
        }
        catch (ChecklistException ex)
        {
            Console.Error.WriteLine($"readiness: checklist error: {ex.Message}");
            return ExitCodes.UsageOrChecklistError;
        }
        catch (Exception ex) when (ex is ChecklistSelectionException or ArgumentException or FileNotFoundException or InvalidDataException or CheckParameterException)
        {
            Console.Error.WriteLine($"readiness: {ex.Message}");
            return ExitCodes.UsageOrChecklistError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("readiness: cancelled.");
            return ExitCodes.UsageOrChecklistError;
        }
    }

    /// <summary>The --as-of option of run, demo and runbook; <paramref name="effect"/> says what the pin leaves real.</summary>
    public static Option<string?> AsOfOption(string effect) => new("--as-of")
    {
        Description = "Judge dates as of this day or instant (2026-11-22, 2026-11-22T06:00:00Z; UTC unless an offset is given): backup ages, review dates, expiry. " + effect,
    };

    /// <summary>The instant --as-of names, read as Core reads it (RunClock), or null when not given.</summary>
    public static DateTimeOffset? AsOf(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } text ? RunClock.Parse(text) : null;

    /// <summary>Parses repeated `--var name=value` options.</summary>
    public static Dictionary<string, string> ParseVariables(IEnumerable<string>? values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values ?? Array.Empty<string>())
        {
            var eq = v.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--var '{v}' must look like name=value.");
            result[v[..eq]] = v[(eq + 1)..];
        }
        return result;
    }

    public static string Version =>
        typeof(CliCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";
}
