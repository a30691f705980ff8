using System.CommandLine;
using Readiness.Core.Evidence;
using Readiness.Core.Reporting;

namespace Readiness.Cli.Commands;

public sealed class EvidenceCommand : ICliCommand
{
    public string Name => "evidence";

    public Command Build()
    {
        var report = new Argument<string>("report") { Description = "JSON report of the run (readiness run --format json --output r.json)." };
        var output = new Option<string>("--output", "-o") { Description = "Bundle file to write (.zip).", Required = true };
        var key = new Option<string?>("--sign-key") { Description = "PEM private key (ECDSA P-256 or RSA) to sign the manifest." };
        var kms = new Option<string?>("--kms-key-id") { Description = "AWS KMS asymmetric key to sign the manifest." };
        var region = new Option<string?>("--region") { Description = "AWS region (default from the AWS configuration chain)." };
        var profile = new Option<string?>("--profile") { Description = "AWS profile." };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "KMS endpoint override." };
        var command = new Command(Name, "Write an evidence bundle for a run: checklist, report, snapshot, attestations, waivers and a SHA-256 manifest, optionally signed.")
        {
            report, output, key, kms, region, profile, endpoint,
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = ReportJson.ReadFile(parse.GetValue(report)!);
            var info = await GovernanceService.ExportEvidenceAsync(loaded, parse.GetValue(output)!, new GovernanceService.SigningOptions
            {
                KeyFile = parse.GetValue(key), KmsKeyId = parse.GetValue(kms), Region = parse.GetValue(region),
                Profile = parse.GetValue(profile), EndpointUrl = parse.GetValue(endpoint),
            }, null, null, ct);
            Console.WriteLine($"Wrote {info.Path}: {info.Files.Count} files, manifest sha256 {info.ManifestSha256}{(info.Signed ? $", signed {info.SignatureAlgorithm} by {info.KeyId}" : ", unsigned")}.");
            return ExitCodes.Go;
        });
        return command;
    }
}

public sealed class VerifyEvidenceCommand : ICliCommand
{
    public string Name => "verify-evidence";

    public Command Build()
    {
        var bundle = new Argument<string>("bundle") { Description = "Evidence bundle (.zip)." };
        var publicKey = new Option<string?>("--public-key") { Description = "Trusted PEM public key the bundle must be signed with." };
        var requireSignature = new Option<bool>("--require-signature") { Description = "Fail when the bundle is not signed." };
        var command = new Command(Name, "Check an evidence bundle's hashes and signature; names every tampered or missing file.")
        {
            bundle, publicKey, requireSignature,
        };
        command.SetAction(parse =>
        {
            var result = GovernanceService.VerifyEvidence(parse.GetValue(bundle)!, parse.GetValue(publicKey), parse.GetValue(requireSignature));
            if (result.IsValid)
            {
                Console.WriteLine($"Valid: {result.FilesChecked} files match the manifest{(result.Signed ? $"; signature valid ({result.KeyId})" : "; not signed")}.");
                return ExitCodes.Go;
            }
            foreach (var problem in result.Problems) Console.WriteLine($"INVALID: {problem}");
            return ExitCodes.Findings;
        });
        return command;
    }
}
