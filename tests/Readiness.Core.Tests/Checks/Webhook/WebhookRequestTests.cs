using Readiness.Core.Checks.Webhook;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>What the cmdlets and CLI commands hand to Core: the webhook check's parameters, secrets by environment name, scheme fields as text.</summary>
public sealed class WebhookRequestTests(WebhookReceivers receivers) : IClassFixture<WebhookReceivers>
{
    [Fact]
    public async Task Scheme_fields_given_as_text_drive_a_full_probe_run()
    {
        var results = await WebhookRuns.RunAsync(receivers.Url("github-ts", "correct"),
            WebhookRuns.Scheme("GitHub", ("timestampHeader", WebhookReceivers.DiffverTimestampHeader), ("timestampFormat", "unix")), WebhookReceivers.GitHubSecret);
        Assert.True(CheckStatusRules.Quiet(results), string.Join("\n", results));
        Assert.Equal(7, results.Count);
    }

    [Fact]
    public void A_missing_environment_variable_names_the_variable()
    {
        var ex = Assert.Throws<ArgumentException>(() => WebhookParameters.SecretFromEnvironment("NOT_SET_ANYWHERE", _ => null));
        Assert.Equal("The environment variable NOT_SET_ANYWHERE holding the webhook secret is not set.", ex.Message);
    }

    [Fact]
    public void A_bad_scheme_field_is_an_argument_error_naming_the_value()
    {
        var parameters = WebhookParameters.From("webhook", new Dictionary<string, object?> { ["scheme"] = "github", ["timestampFormat"] = "weekly" });
        Assert.Contains("Unknown timestamp format 'weekly'", Assert.Throws<ArgumentException>(() => parameters.ResolveScheme()).Message);
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_an_error_naming_the_parameter()
    {
        var results = await WebhookRuns.RunAsync("ftp://127.0.0.1/hook", WebhookRuns.Scheme("github"), "a-secret-value");
        Assert.Equal(CheckStatus.Error, results.Single().Status);
        Assert.Contains("parameter 'url' must be an absolute http or https URL", results.Single().Message);
    }

    [Fact]
    public void The_CLI_and_cmdlet_scheme_fields_are_the_check_parameters()
    {
        Assert.Equal(new[] { "signatureHeader", "signatureFormat", "signedContent", "encoding", "secretEncoding", "idHeader", "idField", "eventHeader",
            "eventField", "timestampHeader", "timestampField", "timestampFormat" }, WebhookParameters.SchemeFields.Select(f => f.Name));
        Assert.All(WebhookParameters.SchemeFields, f => Assert.Contains(f.Name, new WebhookCheck().Parameters));
    }

    [Fact]
    public void Signing_reproduces_the_GitHub_vector_and_keeps_the_payload_bytes()
    {
        var signed = WebhookSignatures.Create(new WebhookParameters { Scheme = "github" }.ResolveScheme(), "It's a Secret to Everybody", "Hello, World!", "id-1");
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", signed.Signature);
        Assert.Equal("Hello, World!", signed.Body);
        Assert.Equal("id-1", signed.DeliveryId);
    }

    [Fact]
    public void Signing_for_Stripe_reads_the_event_id_from_the_payload()
    {
        var signed = WebhookSignatures.Create(new WebhookParameters { Scheme = "stripe" }.ResolveScheme(), "whsec_test_secret",
            "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}", timestamp: DateTimeOffset.FromUnixTimeSeconds(1492774577));
        Assert.Equal("evt_test_webhook", signed.DeliveryId);
        Assert.Equal("t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a", signed.Signature);
    }
}
