using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Readiness.Core.Runbooks;

/// <summary>Small decisions the runbook makes about text: links of an item, who a person is, what an expiry means.</summary>
public static partial class RunbookText
{
    [GeneratedRegex(@"https?://[^\s<>()\[\]""'`]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    /// <summary>URLs in the item's instructions, description and remediation, in that order, each once.</summary>
    public static IReadOnlyList<string> Links(ChecklistItem item) =>
        new[] { item.Manual?.Instructions, item.Description, item.Remediation }
            .Where(t => !string.IsNullOrEmpty(t))
            .SelectMany(t => Url().Matches(t!).Select(m => m.Value.TrimEnd('.', ',', ';', ':')))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Who attests when the person just presses Enter: the git user of the checklist's repository (what the team
    /// knows them by), else the OS user. Asking git is bounded: a hung or absent git never holds up an incident.
    /// </summary>
    public static string DefaultWho(string? folder)
    {
        try
        {
            var git = Probing.ProcessRunner.RunAsync(new Probing.ProcessRequest
            {
                Program = "git", Arguments = ["config", "user.name"],
                WorkingDirectory = folder is not null && Directory.Exists(folder) ? folder : null,
                Timeout = TimeSpan.FromSeconds(3), OutputGrace = TimeSpan.FromSeconds(1),
            }, CancellationToken.None).GetAwaiter().GetResult();
            if (git.Succeeded && !string.IsNullOrWhiteSpace(git.Output)) return git.Output.Trim();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // No git on this machine: the OS user is the answer.
        }
        return Environment.UserName;
    }

    /// <summary>An expiry typed by a person: empty is none; a date means the end of that day (UTC); "30d" is days from now.</summary>
    public static DateTimeOffset? ParseExpiry(string? text, DateTimeOffset now)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
            return now.AddDays(days);
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            return new DateTimeOffset(date.Date.AddDays(1), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        throw new FormatException($"'{text}' is not an expiry; type a date (yyyy-MM-dd), a number of days (30d), or nothing.");
    }
}

/// <summary>When a runbook may ask a person at all; the same rule for the cmdlet and the CLI.</summary>
public static class RunbookPolicy
{
    /// <summary>
    /// Not when told not to (-NonInteractive, --yes), not in CI (nobody is there to answer, and a prompt would hang
    /// the job until it times out), and not when the front end has no terminal or host to ask through.
    /// </summary>
    public static bool CanPrompt(bool nonInteractive, bool frontEndCanAsk, Func<string, string?>? environment = null)
    {
        return !nonInteractive && frontEndCanAsk && !Reporting.CiEnvironment.Detect(environment).IsCi;
    }
}
