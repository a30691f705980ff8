using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Core.Tests.Checks.Webhook;

/// <summary>
/// Test-WebhookReplay's engine against real receivers on 127.0.0.1: a correct receiver per scheme passes every
/// probe; each receiver with one flaw is Failed by the probe meant to catch it, with a message naming the flaw.
/// </summary>
public sealed class WebhookReplayTests(WebhookReceivers receivers) : IClassFixture<WebhookReceivers>
{
    public static Dictionary<string, object?> SchemeFor(string scheme) => scheme switch
    {
        "github" => WebhookRuns.Scheme("github"),
        "github-ts" => WebhookRuns.Scheme("github", ("timestampHeader", WebhookReceivers.DiffverTimestampHeader)),
        "github-field" => WebhookRuns.Scheme("github", ("timestampField", "sent_at"), ("timestampFormat", "iso8601")),
        "standard" => WebhookRuns.Scheme("standard"),
        "stripe" => WebhookRuns.Scheme("stripe"),
        _ => throw new ArgumentException(scheme),
    };

    private Task<IReadOnlyList<CheckResult>> Probe(string scheme, string flaw, string? secret = null, int? maxAge = null) =>
        WebhookRuns.RunAsync(receivers.Url(scheme, flaw), SchemeFor(scheme), secret ?? WebhookReceivers.SecretFor(scheme), maxAge, TimeSpan.FromSeconds(5));

    private static Dictionary<string, CheckStatus> Statuses(IEnumerable<CheckResult> results) =>
        results.ToDictionary(r => r.Id["webhook.".Length..], r => r.Status);

    [Theory]
    [InlineData("standard")]
    [InlineData("stripe")]
    [InlineData("github-ts")]
    [InlineData("github-field")]
    public async Task A_correct_receiver_with_a_timestamp_passes_every_probe(string scheme)
    {
        var results = await Probe(scheme, "correct");
        Assert.Equal(WebhookProbes.All, results.Select(r => r.Id["webhook.".Length..]));
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Id}: {r.Status} {r.Message}"));
        Assert.True(CheckStatusRules.Quiet(results));
    }

    [Fact]
    public async Task A_correct_GitHub_receiver_passes_and_the_timestamp_probes_explain_why_they_cannot_run()
    {
        var results = await Probe("github", "correct");
        var statuses = Statuses(results);
        Assert.Equal(CheckStatus.Skipped, statuses["stale"]);
        Assert.Equal(CheckStatus.Skipped, statuses["future"]);
        Assert.All(results.Where(r => r.Status != CheckStatus.Skipped), r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Contains("signs only the body and sends no timestamp", results.Single(r => r.Id == "webhook.stale").Message);
        var replay = results.Single(r => r.Id == "webhook.replay");
        Assert.Contains("X-GitHub-Delivery", replay.Message);
        Assert.Contains("delivery-id deduplication is the replay defence that can be proven", replay.Message);
        Assert.True(CheckStatusRules.Quiet(results));
    }

    [Fact]
    public async Task An_unsigned_GitHub_timestamp_header_window_says_what_it_does_not_protect_against()
    {
        var stale = (await Probe("github-ts", "correct")).Single(r => r.Id == "webhook.stale");
        Assert.Equal(CheckStatus.Passed, stale.Status);
        Assert.Contains("the X-Diffver-Timestamp header is not signed", stale.Message);
        Assert.Contains("an attacker who rewrites it is stopped only by delivery-id deduplication", stale.Message);
        Assert.Equal("false", stale.Evidence["timestampSigned"]);
        Assert.Equal("-360", stale.Evidence["timestampOffsetSeconds"]);

        var signedField = (await Probe("github-field", "correct")).Single(r => r.Id == "webhook.stale");
        Assert.Contains("signed with the body but records when the event was created", signedField.Message);
    }

    public static TheoryData<string, string, string[], string> Flaws => new()
    {
        { "standard", "no-replay-cache", new[] { "replay" }, "it has no replay cache" },
        { "stripe", "no-replay-cache", new[] { "replay" }, "it has no replay cache" },
        { "github", "no-replay-cache", new[] { "replay" }, "it has no replay cache" },
        { "standard", "no-timestamp-check", new[] { "stale", "future" }, "it does not check the timestamp's age" },
        { "stripe", "no-timestamp-check", new[] { "stale", "future" }, "it does not check the timestamp's age" },
        { "github-ts", "no-timestamp-check", new[] { "stale", "future" }, "it does not check the timestamp's age" },
        { "standard", "accepts-future", new[] { "future" }, "it accepts future timestamps" },
        { "stripe", "accepts-future", new[] { "future" }, "it accepts future timestamps" },
        { "github-ts", "accepts-future", new[] { "future" }, "it accepts future timestamps" },
        { "standard", "reserialised-json", new[] { "tampered" }, "it verifies the signature over re-serialised JSON instead of the raw body bytes" },
        { "stripe", "reserialised-json", new[] { "tampered" }, "it verifies the signature over re-serialised JSON instead of the raw body bytes" },
        { "github", "reserialised-json", new[] { "tampered" }, "it verifies the signature over re-serialised JSON instead of the raw body bytes" },
        { "standard", "accepts-missing-signature", new[] { "unsigned" }, "it accepts a missing signature" },
        { "stripe", "accepts-missing-signature", new[] { "unsigned" }, "it accepts a missing signature" },
        { "github", "accepts-missing-signature", new[] { "unsigned" }, "it accepts a missing signature" },
    };

    /// <summary>
    /// A receiver with no timestamp check at all has two flaws the probes tell apart (old and future timestamps),
    /// so both timestamp probes fail for it; every other flaw fails exactly one probe.
    /// </summary>
    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Each_flaw_is_failed_by_exactly_the_probe_meant_to_catch_it(string scheme, string flaw, string[] failing, string named)
    {
        var results = await Probe(scheme, flaw);
        foreach (var r in results)
        {
            var probe = r.Id["webhook.".Length..];
            if (failing.Contains(probe))
            {
                Assert.True(r.Status == CheckStatus.Failed, $"{probe} should fail for {flaw}: {r.Status} {r.Message}");
                Assert.Contains(probe == "future" ? "it accepts future timestamps" : named, r.Message);
                if (flaw == "no-timestamp-check" && probe == "future") Assert.Contains("it does not check the timestamp at all", r.Message);
                if (flaw == "accepts-future") Assert.DoesNotContain("at all", r.Message);
                Assert.False(string.IsNullOrWhiteSpace(r.Remediation));
            }
            else
                Assert.True(r.Status is CheckStatus.Passed or CheckStatus.Skipped, $"{probe} should not fail for {flaw}: {r.Status} {r.Message}");
        }
        Assert.False(CheckStatusRules.Quiet(results));
    }

    [Fact]
    public async Task A_receiver_that_answers_500_to_everything_is_never_passed()
    {
        var results = await WebhookRuns.RunAsync(receivers.Url("fail", "everything"), WebhookRuns.Scheme("standard"), WebhookReceivers.StandardSecret);
        var valid = results.Single(r => r.Id == "webhook.valid");
        Assert.Equal(CheckStatus.Failed, valid.Status);
        Assert.Contains("answered HTTP 500 to a correctly signed fresh Standard Webhooks delivery: the receiver is failing", valid.Message);
        Assert.Equal("500", valid.Evidence["status"]);
        Assert.All(results.Where(r => r != valid), r =>
        {
            Assert.Equal(CheckStatus.Error, r.Status);
            Assert.Contains("did not accept a valid delivery (HTTP 500), so a rejection here would prove nothing", r.Message);
        });
    }

    [Fact]
    public async Task A_receiver_that_accepts_everything_fails_every_rejection_probe()
    {
        var results = await WebhookRuns.RunAsync(receivers.Url("accept", "everything"), WebhookRuns.Scheme("stripe"), WebhookReceivers.StripeSecret);
        Assert.Equal(CheckStatus.Passed, results[0].Status);
        Assert.All(results.Skip(1), r => Assert.Equal(CheckStatus.Failed, r.Status));
        Assert.Contains("it does not verify the signature against the body", results.Single(r => r.Id == "webhook.tampered").Message);
    }

    [Fact]
    public async Task Cancelling_a_run_stops_it_with_cancellation_not_a_result()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WebhookRuns.RunAsync(receivers.Url("hang", "forever"), WebhookRuns.Scheme("github"), WebhookReceivers.GitHubSecret, requestTimeout: TimeSpan.FromMinutes(5), cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_receiver_that_accepts_the_connection_and_never_answers_is_an_error_not_a_hang()
    {
        var results = await WebhookRuns.RunAsync(receivers.Url("hang", "forever"), WebhookRuns.Scheme("github"), WebhookReceivers.GitHubSecret, requestTimeout: TimeSpan.FromSeconds(1));
        Assert.All(results, r => Assert.Equal(CheckStatus.Error, r.Status));
        Assert.Contains("did not answer within 1 s", results[0].Message);
        Assert.Contains("Not run:", results[1].Message);
    }

    [Fact]
    public async Task Nothing_listening_is_an_error_naming_the_url()
    {
        var url = $"http://127.0.0.1:{Fixtures.FreePort.Next()}/hook";
        var results = await WebhookRuns.RunAsync(url, WebhookRuns.Scheme("github"), WebhookReceivers.GitHubSecret);
        Assert.All(results, r => Assert.Equal(CheckStatus.Error, r.Status));
        Assert.Contains($"could not reach {url}", results[0].Message);
    }

    [Fact]
    public async Task A_wrong_secret_makes_the_valid_probe_fail_and_nothing_pass()
    {
        var results = await Probe("github", "correct", secret: "not-the-receivers-secret-123456");
        Assert.Equal(CheckStatus.Failed, results[0].Status);
        Assert.Contains("rejected a correctly signed fresh GitHub delivery with HTTP 401", results[0].Message);
        Assert.DoesNotContain(results, r => r.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task A_window_wider_than_the_configured_one_fails_the_stale_probe()
    {
        // The receiver allows 300 s; the release config says 60 s. A delivery 120 s old is accepted.
        var results = await Probe("standard", "correct", maxAge: 60);
        var stale = results.Single(r => r.Id == "webhook.stale");
        Assert.Equal(CheckStatus.Failed, stale.Status);
        Assert.Contains("120 s old, beyond the 60 s window", stale.Message);
    }

    [Fact]
    public async Task Every_run_uses_fresh_delivery_ids_so_a_second_run_passes_too()
    {
        var first = await Probe("standard", "correct");
        var second = await Probe("standard", "correct");
        Assert.All(first.Concat(second), r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.NotEqual(first[0].Evidence["deliveryId"], second[0].Evidence["deliveryId"]);
        Assert.StartsWith("msg_", first[0].Evidence["deliveryId"]);
    }

    [Fact]
    public async Task The_secret_never_appears_in_any_field_of_any_result()
    {
        var all = new List<(CheckResult Result, string Secret)>();
        foreach (var scheme in new[] { "github", "github-ts", "standard", "stripe" })
            foreach (var flaw in WebhookReceivers.Flaws)
                all.AddRange((await Probe(scheme, flaw)).Select(r => (r, WebhookReceivers.SecretFor(scheme))));
        all.AddRange((await WebhookRuns.RunAsync(receivers.Url("fail", "everything"), WebhookRuns.Scheme("standard"), WebhookReceivers.StandardSecret)).Select(r => (r, WebhookReceivers.StandardSecret)));

        Assert.True(all.Count > 100);
        foreach (var (result, secret) in all)
            foreach (var form in WebhookSigner.SecretForms(secret))
                SecretCanary.AssertAbsent(result, form);

        // And through every report format the tool can write.
        var report = Readiness.Core.Running.ReportBuilder.Build(null, all.Select(a => a.Result).ToList(), DateTimeOffset.Now, TimeSpan.FromSeconds(1));
        foreach (var format in Readiness.Core.Reporting.ReportWriters.Formats)
        {
            var text = Readiness.Core.Reporting.ReportWriters.Render(report, format);
            foreach (var secret in new[] { WebhookReceivers.GitHubSecret, WebhookReceivers.StandardSecret, WebhookReceivers.StandardSecret["whsec_".Length..], WebhookReceivers.StripeSecret })
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}

public static class SecretCanary
{
    public static void AssertAbsent(CheckResult result, string secret) =>
        Assert.DoesNotContain(secret, CheckHarness.EverythingShown(result), StringComparison.Ordinal);
}
