using System.IO.Compression;
using System.Security.Cryptography;
using Readiness.Core.Evidence;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Evidence;

public sealed class EvidenceBundleTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private async Task<(string Bundle, string PublicKeyPem)> MakeSignedBundle()
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), "A=1\n");
        var checklist = Path.Combine(_dir, "c.yaml");
        File.WriteAllText(checklist, "schemaVersion: 1\nname: c\nitems:\n  - id: a\n    section: S\n    title: A set\n    severity: high\n    check: { type: env, source: dotenv, file: .env, name: A }\n  - id: b\n    section: S\n    title: Sign-off\n    severity: low\n    manual: { approvers: [SRE] }\n");
        new AttestationStore(AttestationStore.DefaultPathFor(checklist)).Append("b", "sre-oncall", "checked dashboards");
        var report = await ReadinessSession.RunAsync(new RunRequest { ChecklistPath = checklist }, NullHost.Instance, CancellationToken.None);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyPath = Path.Combine(_dir, "signing.pem");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        var bundle = Path.Combine(_dir, "evidence.zip");
        var info = await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(report, checklist, AttestationStore.DefaultPathFor(checklist), null),
            bundle, new LocalKeySigner(keyPath), CancellationToken.None);
        Assert.True(info.Signed);
        Assert.Contains("checklist.yaml", info.Files);
        Assert.Contains("report.json", info.Files);
        Assert.Contains("attestations.jsonl", info.Files);
        Assert.Contains("VERSION", info.Files);
        return (bundle, key.ExportSubjectPublicKeyInfoPem());
    }

    [Fact]
    public async Task A_bundle_signed_with_a_local_key_verifies_against_that_key()
    {
        var (bundle, pub) = await MakeSignedBundle();
        var pubPath = Path.Combine(_dir, "pub.pem");
        File.WriteAllText(pubPath, pub);
        var result = EvidenceBundle.Verify(bundle, EvidenceBundle.ReadPublicKeyPem(pubPath));
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.True(result.SignatureValid);
        using var zip = ZipFile.OpenRead(bundle);
        Assert.Equal(zip.Entries.Count - 2, result.FilesChecked);
    }

    [Theory]
    [InlineData("report.json")]
    [InlineData("checklist.yaml")]
    [InlineData("attestations.jsonl")]
    [InlineData("VERSION")]
    public async Task Changing_one_byte_of_any_file_is_detected_and_named(string file)
    {
        var (bundle, _) = await MakeSignedBundle();
        Rewrite(bundle, file, bytes => { bytes[bytes.Length / 2] ^= 0x01; return bytes; });
        var result = EvidenceBundle.Verify(bundle);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.StartsWith(file) && p.Contains("modified"));
    }

    [Fact]
    public async Task Changing_the_manifest_or_the_signature_is_detected()
    {
        var (bundle, _) = await MakeSignedBundle();
        var copy = bundle + ".2.zip";
        File.Copy(bundle, copy);
        Rewrite(bundle, EvidenceBundle.ManifestName, bytes =>
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            return System.Text.Encoding.UTF8.GetBytes(text.Replace("\"decision\": \"Go\"", "\"decision\": \"NoGo\"").Replace("\"decision\": \"Conditional\"", "\"decision\": \"Go\""));
        });
        Assert.Contains(EvidenceBundle.Verify(bundle).Problems, p => p.Contains("signature does not match"));

        Rewrite(copy, EvidenceBundle.SignatureName, bytes =>
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            var at = text.IndexOf("\"signature\": \"", StringComparison.Ordinal) + 20;
            var chars = text.ToCharArray();
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            return System.Text.Encoding.UTF8.GetBytes(chars);
        });
        var result = EvidenceBundle.Verify(copy);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.StartsWith(EvidenceBundle.SignatureName));
    }

    [Fact]
    public async Task A_missing_file_and_a_foreign_key_are_named()
    {
        var (bundle, _) = await MakeSignedBundle();
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Update)) zip.GetEntry("report.json")!.Delete();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = EvidenceBundle.Verify(bundle, other.ExportSubjectPublicKeyInfo());
        Assert.Contains(result.Problems, p => p.Contains("report.json is listed in the manifest but missing"));
        Assert.Contains(result.Problems, p => p.Contains("different key than the trusted public key"));
    }

    [Fact]
    public async Task A_bundle_signed_through_the_KMS_stand_in_verifies_with_its_public_key()
    {
        await using var kms = await KmsStandIn.StartAsync();
        kms.AddKey("evidence-key");
        var report = ReportBuilder.Aggregate(new[] { new CheckResult { Id = "x", Status = CheckStatus.Passed, Severity = Severity.High, Timestamp = DateTimeOffset.Now } });
        using var client = kms.CreateClient();
        var signer = await KmsEvidenceSigner.CreateAsync(client, "evidence-key", CancellationToken.None);
        var bundle = Path.Combine(_dir, "kms.zip");
        await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(report, null, null, null), bundle, signer, CancellationToken.None);

        var result = EvidenceBundle.Verify(bundle, signer.PublicKey);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Contains("Sign", kms.Operations);
        Assert.EndsWith("key/evidence-key", result.KeyId);
    }

    [Fact]
    public async Task No_file_in_a_bundle_carries_a_registered_secret_or_a_literal_connection_string_password()
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), "A=1\n");
        var checklist = Path.Combine(_dir, "c.yaml");
        File.WriteAllText(checklist, "schemaVersion: 1\nname: c\nitems:\n  - id: a\n    section: S\n    title: A set\n    severity: high\n    check: { type: env, source: dotenv, file: .env, name: A }\n");
        var report = await ReadinessSession.RunAsync(new RunRequest { ChecklistPath = checklist }, NullHost.Instance, CancellationToken.None);
        // A checklist from before literal passwords were refused, edited after the run.
        File.AppendAllText(checklist, "# was: postgres: \"Host=db;Username=app;Password=old-literal-pw\"\n# url: postgres://app:old-url-pw@db/app\n");
        var attestations = AttestationStore.DefaultPathFor(checklist);
        new AttestationStore(attestations).Append("a", "sre", "rotated token tok-registered-123 today");
        var waivers = Path.Combine(_dir, "waivers.yaml");
        File.WriteAllText(waivers, "# token tok-registered-123\n");
        var secrets = new SecretRegistry();
        secrets.Add("tok-registered-123");
        report.Results[0].Message += " tok-registered-123";

        var bundle = Path.Combine(_dir, "redacted.zip");
        await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(report, checklist, attestations, waivers) { Secrets = secrets },
            bundle, null, CancellationToken.None);

        using (var zip = ZipFile.OpenRead(bundle))
        {
            using (var manifest = new StreamReader(zip.GetEntry(EvidenceBundle.ManifestName)!.Open()))
                Assert.Contains("\"attestations.jsonl\"", System.Text.Json.Nodes.JsonNode.Parse(manifest.ReadToEnd())!["redacted"]!.ToJsonString());
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                foreach (var secret in new[] { "tok-registered-123", "old-literal-pw", "old-url-pw" })
                    Assert.False(text.Contains(secret), $"{entry.FullName} contains {secret}");
            }
        }
        Assert.True(EvidenceBundle.Verify(bundle).IsValid);
    }

    private static void Rewrite(string bundle, string entryName, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(bundle, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName)!;
        byte[] bytes;
        using (var s = entry.Open()) { using var ms = new MemoryStream(); s.CopyTo(ms); bytes = ms.ToArray(); }
        entry.Delete();
        var replacement = zip.CreateEntry(entryName);
        using var w = replacement.Open();
        w.Write(change(bytes));
    }
}
