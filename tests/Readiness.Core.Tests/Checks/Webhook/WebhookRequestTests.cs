using Readiness.Core.Checks.Webhook;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>What the cmdlets and CLI commands hand to Core: secrets by environment name, overrides as text.</summary>
public sealed class WebhookRequestTests(WebhookReceivers receivers) : IClassFixture<WebhookReceivers>
{
    [Fact]
    public async Task A_secret_named_by_environment_variable_drives_a_full_probe_run()
    {
        var request = new WebhookRequest
        {
            Uri = receivers.Url("github-ts", "correct"),
            Scheme = "GitHub",
            SecretEnvironmentVariable = "HOOK_SECRET",
            TimestampHeader = WebhookReceivers.DiffverTimestampHeader,
            TimestampFormat = "unix",
            EnvironmentLookup = name => name == "HOOK_SECRET" ? WebhookReceivers.GitHubSecret : null,
        };
        var results = await WebhookReplayTest.RunAsync(request.ToProbeOptions(), CancellationToken.None);
        Assert.True(CheckStatusRules.Quiet(results), string.Join("\n", results));
        Assert.Equal(7, results.Count);
    }

    [Fact]
    public void A_missing_environment_variable_names_the_variable()
    {
        var request = new WebhookRequest { Uri = "http://127.0.0.1:1/", SecretEnvironmentVariable = "NOT_SET_ANYWHERE", EnvironmentLookup = _ => null };
        var ex = Assert.Throws<ArgumentException>(() => request.ToProbeOptions());
        Assert.Equal("The environment variable NOT_SET_ANYWHERE holding the webhook secret is not set.", ex.Message);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hook", "is not an absolute http or https URL")]
    [InlineData("http://127.0.0.1/hook", "Unknown timestamp format 'weekly'")]
    public void Bad_values_are_argument_errors_naming_the_value(string uri, string expected)
    {
        var request = new WebhookRequest { Uri = uri, Secret = "a-secret-value", TimestampFormat = uri.StartsWith("http:") ? "weekly" : null };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => request.ToProbeOptions()).Message);
    }

    [Fact]
    public void Sign_reproduces_the_GitHub_vector_and_keeps_the_payload_bytes()
    {
        var signed = new WebhookRequest { Scheme = "github", Secret = "It's a Secret to Everybody", Payload = "Hello, World!" }.Sign("id-1");
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", signed.Signature);
        Assert.Equal("Hello, World!", signed.Body);
        Assert.Equal("id-1", signed.DeliveryId);
    }

    [Fact]
    public void Sign_for_Stripe_reads_the_event_id_from_the_payload()
    {
        var signed = new WebhookRequest { Scheme = "stripe", Secret = "whsec_test_secret", Payload = "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}" }
            .Sign(timestamp: DateTimeOffset.FromUnixTimeSeconds(1492774577));
        Assert.Equal("evt_test_webhook", signed.DeliveryId);
        Assert.Equal("t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a", signed.Signature);
    }
}
