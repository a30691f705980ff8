using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Kms;

/// <summary>The real AWSSDK client against the KMS stand-in (test code: no real KMS can run here).</summary>
public sealed class KmsCheckTests : IAsyncLifetime
{
    private KmsStandIn _kms = null!;

    public async Task InitializeAsync() => _kms = await KmsStandIn.StartAsync();
    public async Task DisposeAsync() => await _kms.DisposeAsync();

    private Task<CheckResult> Run(string keyId, string aspect, string? endpoint = null)
    {
        var secret = "stand-in-" + Guid.NewGuid().ToString("N");
        return CheckHarness.RunCheckAsync("kms", new() { ["keyId"] = keyId, ["aspect"] = aspect, ["endpointUrl"] = endpoint ?? _kms.Url, ["region"] = "us-east-1" }, new CheckRun
        {
            Id = "signing.kms", Section = "Signing and Evidence", Title = "aws-kms signer integration smoke run passed.", Severity = Severity.High,
            EnvironmentLookup = name => name switch { "AWS_ACCESS_KEY_ID" => "AKIDSTANDIN", "AWS_SECRET_ACCESS_KEY" => secret, _ => null },
            Timeout = TimeSpan.FromSeconds(10),
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_healthy_signing_key_passes_state_sign_verify_and_policy(bool rsa)
    {
        var key = _kms.AddKey("signer", rsa);
        key.Policy = KeyPolicyAnalyzerTests.DocumentedPolicy;
        var result = await Run("signer", "all");
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("true", result.Evidence["sign-verify.localVerify"]);
        Assert.Equal("true", result.Evidence["sign-verify.kmsVerify"]);
        Assert.Contains("rotation skipped", result.Message);
        Assert.Contains("Sign", _kms.Operations);
        Assert.Contains("Verify", _kms.Operations);
    }

    [Fact]
    public async Task A_list_of_aspects_as_the_cmdlets_give_it_gets_one_result_per_aspect()
    {
        _kms.AddKey("review").Policy = KeyPolicyAnalyzerTests.DocumentedPolicy;
        var results = await new AdHocRun("KMS", Path.GetTempPath())
        {
            Timeout = TimeSpan.FromSeconds(10),
            EnvironmentLookup = name => name switch { "AWS_ACCESS_KEY_ID" => "AKIDSTANDIN", "AWS_SECRET_ACCESS_KEY" => "x", _ => null },
        }.Add("kms", "kms", "KMS signing key", Severity.High, new Dictionary<string, object?>
        {
            ["keyId"] = "review", ["endpointUrl"] = _kms.Url, ["region"] = "us-east-1",
            ["aspect"] = Readiness.Core.Checks.Kms.KmsAssessment.Aspects.ToList(),
        }).RunAsync(CancellationToken.None);
        Assert.Equal(new[] { "kms.state", "kms.sign-verify", "kms.rotation", "kms.policy" }, results.Select(r => r.Id));
        Assert.Equal(new[] { CheckStatus.Passed, CheckStatus.Passed, CheckStatus.Skipped, CheckStatus.Passed }, results.Select(r => r.Status));
        Assert.Equal("KMS key signs and verifies", results[1].Title);
    }

    [Fact]
    public async Task A_corrupted_signature_is_reported()
    {
        _kms.AddKey("bad").CorruptSignatures = true;
        var result = await Run("bad", "sign-verify");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("KMS Verify rejected it", result.Message);
        Assert.Contains("the public key rejected it", result.Message);
    }

    [Fact]
    public async Task A_disabled_key_is_reported()
    {
        _kms.AddKey("off").KeyState = "Disabled";
        var result = await Run("off", "state");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is Disabled; signing will fail", result.Message);
    }

    [Fact]
    public async Task A_key_without_sign_verify_usage_is_reported()
    {
        _kms.AddKey("enc").KeyUsage = "ENCRYPT_DECRYPT";
        var result = await Run("enc", "state");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("not SIGN_VERIFY", result.Message);
    }

    [Fact]
    public async Task An_over_permissive_policy_fails_and_an_unknown_key_fails()
    {
        _kms.AddKey("open").Policy = """{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}""";
        var policy = await Run("open", "policy");
        Assert.Equal(CheckStatus.Failed, policy.Status);
        Assert.Contains("any principal", policy.Message);
        var missing = await Run("no-such-key", "state");
        Assert.Equal(CheckStatus.Failed, missing.Status);
        Assert.Contains("not found", missing.Message);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_Error_and_the_secret_key_never_shows()
    {
        var result = await Run("signer", "state", $"http://127.0.0.1:{FreePort.Next()}");
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.DoesNotContain("stand-in-", result.Message + string.Join(" ", result.Evidence.Values));
    }
}
