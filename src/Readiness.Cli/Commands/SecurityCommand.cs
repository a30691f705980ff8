using System.CommandLine;
using Readiness.Core.Checks.Headers;
using Readiness.Core.Checks.Security;
using Readiness.Core.Running;

namespace Readiness.Cli.Commands;

/// <summary>`readiness security --uri https://...`: the Test-ReadinessSecurity assessment from the command line.</summary>
public sealed class SecurityCommand : ICliCommand
{
    public string Name => "security";

    public Command Build()
    {
        var uri = new Option<string>("--uri", "-u") { Description = "The https:// URL of the endpoint.", Required = true };
        var httpUri = new Option<string?>("--http-uri") { Description = "The plain http:// URL that must redirect (default http://host/ when --uri is on port 443)." };
        var address = new Option<string?>("--address") { Description = "Connect to this address instead of resolving the host name." };
        var ca = new Option<string?>("--ca-certificate") { Description = "PEM or DER file of the private CA that issued the certificate." };
        var skipTrust = new Option<bool>("--skip-trust") { Description = "Do not judge the certificate chain's trust." };
        var warnDays = new Option<int>("--min-days") { Description = "Days to expiry under which the certificate warns.", DefaultValueFactory = _ => 30 };
        var failDays = new Option<int>("--critical-days") { Description = "Days to expiry under which the certificate fails.", DefaultValueFactory = _ => 7 };
        var xss = new Option<string>("--xss-protection") { Description = "modern (absent or 0 plus a CSP) or enabled (1; mode=block).", DefaultValueFactory = _ => "modern" };
        var grade = new Option<string>("--minimum-grade") { Description = "Lowest MDN HTTP Observatory grade that passes.", DefaultValueFactory = _ => "B" };
        var timeout = new Option<double?>("--timeout") { Description = "Timeout of each probe in seconds (default 10)." };
        var tlsOnly = new Option<bool>("--tls-only") { Description = "Only the TLS protocol and certificate decisions (Test-ReadinessTls)." };
        var format = new Option<string>("--format", "-f") { Description = "Output format (table, json, ...).", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on Conditional too, not only on NoGo." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show evidence and remediation in the table." };

        var command = new Command(Name, "Assess TLS, certificate, redirect, HSTS and security headers of an HTTPS endpoint.")
        {
            uri, httpUri, address, ca, skipTrust, warnDays, failDays, xss, grade, timeout, tlsOnly, format, output, strict, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var target = new SecurityTarget
            {
                Uri = Absolute(parse.GetValue(uri)!, "--uri"),
                HttpUri = parse.GetValue(httpUri) is { } h ? Absolute(h, "--http-uri") : null,
                Address = parse.GetValue(address),
                CaCertificate = parse.GetValue(ca) is { } caFile ? Path.GetFullPath(caFile) : null,
                SkipTrust = parse.GetValue(skipTrust),
                WarnDays = parse.GetValue(warnDays),
                FailDays = parse.GetValue(failDays),
                XssProtection = Enum.TryParse<XssProtectionPolicy>(parse.GetValue(xss), true, out var x) ? x.ToString().ToLowerInvariant()
                    : throw new ArgumentException("--xss-protection must be modern or enabled."),
                MinimumGrade = ObservatoryScore.Rank(parse.GetValue(grade)!) >= 0 ? parse.GetValue(grade)!
                    : throw new ArgumentException($"--minimum-grade must be one of {string.Join(", ", ObservatoryScore.Grades)}."),
                Timeout = parse.GetValue(timeout) is { } t ? TimeSpan.FromSeconds(t) : null,
            };
            var tlsOnlyWanted = parse.GetValue(tlsOnly);
            var run = new AdHocRun(tlsOnlyWanted ? "tls" : "security", Environment.CurrentDirectory)
            {
                Host = new ConsoleHost { Cancellation = ct }, Timeout = SecurityCheck.ItemTimeout(target.Timeout), Target = target.Uri.AbsoluteUri,
                Title = $"{(tlsOnlyWanted ? "TLS" : "Transport security")} assessment of {target.Uri.GetLeftPart(UriPartial.Authority)}",
            };
            var report = await SecurityCheck.AddItems(run, target, tlsOnlyWanted, []).RunReportAsync(ct);
            Output.Write(report, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(verbose));
            return report.Decision switch
            {
                Decision.Go => ExitCodes.Go,
                Decision.Conditional when !parse.GetValue(strict) => ExitCodes.Go,
                _ => ExitCodes.Findings,
            };
        });
        return command;
    }

    private static Uri Absolute(string text, string option) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"{option} '{text}' is not an absolute URL.");
}
