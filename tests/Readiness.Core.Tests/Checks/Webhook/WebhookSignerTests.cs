using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.Webhook;
using Readiness.Sample;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>The schemes against their published test vectors, and the parsers against arbitrary input.</summary>
public sealed class WebhookSignerTests
{
    [Fact]
    public void GitHub_documented_example_signs_to_the_published_signature()
    {
        // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        var signed = WebhookSigner.Sign(WebhookScheme.GitHub, "It's a Secret to Everybody", "Hello, World!", "d1", DateTimeOffset.UnixEpoch, "push");
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", signed.Signature);
        Assert.Equal(signed.Signature, signed.Headers["X-Hub-Signature-256"]);
        Assert.Equal("d1", signed.Headers["X-GitHub-Delivery"]);
        Assert.Equal("push", signed.Headers["X-GitHub-Event"]);
        Assert.Null(signed.Timestamp);
        Assert.Equal(3, signed.Headers.Count);
    }

    [Fact]
    public void Standard_Webhooks_published_vector_signs_to_the_published_signature()
    {
        // Standard Webhooks reference libraries' test vector.
        var signed = WebhookSigner.Sign(WebhookScheme.StandardWebhooks, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "{\"test\": 2432232314}",
            "msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), null);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signed.Signature);
        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", signed.Headers["webhook-id"]);
        Assert.Equal("1614265330", signed.Headers["webhook-timestamp"]);
    }

    [Fact]
    public void Standard_Webhooks_secret_without_the_whsec_prefix_is_the_same_key()
    {
        var a = WebhookSigner.KeyBytes(WebhookScheme.StandardWebhooks, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var b = WebhookSigner.KeyBytes(WebhookScheme.StandardWebhooks, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Assert.Equal(a, b);
    }

    [Fact]
    public void Standard_Webhooks_secret_that_is_not_base64_is_refused_without_quoting_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => WebhookSigner.KeyBytes(WebhookScheme.StandardWebhooks, "whsec_not*base64!"));
        Assert.DoesNotContain("not*base64", ex.Message);
    }

    [Fact]
    public void Stripe_signs_timestamp_dot_payload_with_the_secret_utf8_bytes_including_the_whsec_prefix()
    {
        // Oracle: printf '%s' '1492774577.{"id":"evt_test_webhook","object":"event"}' | openssl dgst -sha256 -hmac whsec_test_secret
        var signed = WebhookSigner.Sign(WebhookScheme.Stripe, "whsec_test_secret", "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}",
            "evt_test_webhook", DateTimeOffset.FromUnixTimeSeconds(1492774577), null);
        Assert.Equal("t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a", signed.Signature);
        Assert.Single(signed.Headers);
    }

    [Fact]
    public void Verifier_accepts_any_of_several_signatures_in_one_Standard_header()
    {
        var scheme = WebhookScheme.StandardWebhooks;
        var key = WebhookSigner.KeyBytes(scheme, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,x",
        };
        var body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
        var at = DateTimeOffset.FromUnixTimeSeconds(1614265330);
        Assert.Equal(WebhookVerdict.Valid, Verify(scheme, key, headers, body, at));
        Assert.Equal(WebhookVerdict.TooOld, Verify(scheme, key, headers, body, at.AddSeconds(301)));
        Assert.Equal(WebhookVerdict.TooNew, Verify(scheme, key, headers, body, at.AddSeconds(-301)));
        Assert.Equal(WebhookVerdict.BadSignature, Verify(scheme, key, headers, Encoding.UTF8.GetBytes("{\"test\":2432232314}"), at));
        headers.Remove("webhook-signature");
        Assert.Equal(WebhookVerdict.MissingSignature, Verify(scheme, key, headers, body, at));
    }

    [Fact]
    public void Stripe_header_with_several_v1_and_a_v0_verifies_on_the_matching_v1()
    {
        var scheme = WebhookScheme.Stripe;
        var key = WebhookSigner.KeyBytes(scheme, "whsec_test_secret");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Stripe-Signature"] = "t=1492774577,v1=00,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39",
        };
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_test_webhook\",\"object\":\"event\"}");
        Assert.Equal(WebhookVerdict.Valid, Verify(scheme, key, headers, body, DateTimeOffset.FromUnixTimeSeconds(1492774600)));
    }

    [Fact]
    public void Signing_then_verifying_round_trips_for_every_preset_and_an_in_house_scheme()
    {
        var inHouse = new WebhookParameters { Scheme = "github", TimestampHeader = "X-Diffver-Timestamp" }.ResolveScheme();
        foreach (var scheme in new[] { WebhookScheme.GitHub, WebhookScheme.StandardWebhooks, WebhookScheme.Stripe, inHouse })
        {
            var secret = scheme.SecretEncoding == SecretEncoding.Base64 ? "whsec_" + Convert.ToBase64String(new byte[32]) : "s3cret-value-for-tests";
            var now = DateTimeOffset.UtcNow;
            var signed = WebhookSignatures.Create(scheme, secret, "{\"a\":1}", timestamp: now);
            var key = WebhookSigner.KeyBytes(scheme, secret);
            Assert.Equal(WebhookVerdict.Valid, Verify(scheme, key, signed.Headers, Encoding.UTF8.GetBytes(signed.Body), now));
        }
        Assert.False(inHouse.TimestampIsSigned);
        Assert.True(WebhookScheme.StandardWebhooks.TimestampIsSigned);
        Assert.True(WebhookScheme.Stripe.TimestampIsSigned);
        Assert.False(WebhookScheme.GitHub.HasTimestamp);
    }

    [Fact]
    public void Signature_header_parser_never_throws_on_arbitrary_input()
    {
        var schemes = new[] { WebhookScheme.GitHub, WebhookScheme.StandardWebhooks, WebhookScheme.Stripe };
        var tokens = Gen.Elements("t=", "v1=", "v0=", ",", " ", "v1,", "sha256=", "=", "abc", "123", "", "{", "}")
            .ArrayOf().Select(t => string.Concat(t));
        foreach (var generator in new[] { tokens, ArbMap.Default.GeneratorFor<string>() })
            foreach (var scheme in schemes)
                Prop.ForAll(generator.ToArbitrary(), text =>
                {
                    var parsed = SignatureHeaderParser.Parse(scheme, text);
                    Assert.True(parsed is null || parsed.Signatures.Count > 0);
                }).Check(PropertyRuns.Fixed());
    }

    [Fact]
    public void Timestamp_parser_never_throws_and_rejects_out_of_range_values()
    {
        foreach (var format in Enum.GetValues<TimestampFormat>())
            Prop.ForAll(ArbMap.Default.GeneratorFor<string>().ToArbitrary(), text => { WebhookTimestamp.TryParse(text, format, out _); })
                .Check(PropertyRuns.Fixed());
        Prop.ForAll(ArbMap.Default.GeneratorFor<long>().ToArbitrary(), n => { WebhookTimestamp.TryParse(n.ToString(), TimestampFormat.UnixSeconds, out _); })
            .Check(PropertyRuns.Fixed());
        Assert.False(WebhookTimestamp.TryParse("99999999999999", TimestampFormat.UnixSeconds, out _));
        Assert.True(WebhookTimestamp.TryParse("1614265330", TimestampFormat.UnixSeconds, out var t));
        Assert.Equal(1614265330, t.ToUnixTimeSeconds());
    }

    [Fact]
    public void Verifier_never_throws_on_arbitrary_headers_and_bodies()
    {
        var key = new byte[32];
        Prop.ForAll(ArbMap.Default.GeneratorFor<string>().ToArbitrary(), ArbMap.Default.GeneratorFor<string>().ToArbitrary(), (header, body) =>
        {
            foreach (var scheme in new[] { WebhookScheme.GitHub, WebhookScheme.StandardWebhooks, WebhookScheme.Stripe,
                         WebhookScheme.GitHub with { TimestampField = "sent_at", TimestampFormat = TimestampFormat.Iso8601 } })
                WebhookReceiverVerifier.Verify(scheme, key, _ => header, Encoding.UTF8.GetBytes(body ?? ""), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        }).Check(PropertyRuns.Fixed());
    }

    [Fact]
    public void Payload_field_helpers_never_throw_on_arbitrary_payloads()
    {
        var tokens = Gen.Elements("{", "}", "[", "]", "\"a\"", ":", ",", "1", "null", "\"", "\\", " ", "true", "{\"a\":{")
            .ArrayOf().Select(t => string.Concat(t));
        foreach (var generator in new[] { tokens, ArbMap.Default.GeneratorFor<string>() })
            Prop.ForAll(generator.ToArbitrary(), text =>
            {
                text ??= "";
                JsonFields.IsJsonObject(text);
                JsonFields.TryGetString(Encoding.UTF8.GetBytes(text), "a.b");
                var set = JsonFields.Set(text, "a.b", System.Text.Json.Nodes.JsonValue.Create(1));
                Assert.True(set == text || JsonFields.TryGetString(Encoding.UTF8.GetBytes(set), "a.b") == "1");
            }).Check(PropertyRuns.Fixed());
        foreach (var text in new[] { "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":2}}", new string('[', 2000), "{\"a\":" + new string('[', 1100) })
        {
            JsonFields.IsJsonObject(text);
            JsonFields.TryGetString(Encoding.UTF8.GetBytes(text), "a.b");
            JsonFields.Set(text, "a.b", System.Text.Json.Nodes.JsonValue.Create(1));
        }
    }

    private static WebhookVerdict Verify(WebhookScheme scheme, byte[] key, IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset now) =>
        WebhookReceiverVerifier.Verify(scheme, key, name => headers.TryGetValue(name, out var v) ? v : null, body, now, TimeSpan.FromSeconds(300));
}
