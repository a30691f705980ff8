using Readiness.Core.Probing;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Readiness.Core.Checks.Webhook;

/// <summary>
/// Sends the probe deliveries to a receiver and judges each answer. A 2xx is an acceptance, a 4xx a rejection.
/// Every delivery gets a fresh id and timestamp, so a run never collides with an earlier run's replay cache.
/// The baseline (a valid delivery) is always sent first: if it is not accepted, a rejection of a bad delivery
/// proves nothing, and the other probes are reported as Error rather than Passed.
/// </summary>
public sealed class WebhookProber
{
    private readonly WebhookProbeOptions _options;
    private readonly WebhookScheme _scheme;
    private readonly byte[] _key;
    private readonly int _maxAge;

    public WebhookProber(WebhookProbeOptions options)
    {
        _options = options;
        _scheme = options.Scheme;
        _key = WebhookSigner.KeyBytes(_scheme, options.Secret);
        _maxAge = options.EffectiveMaxAgeSeconds;
        if (_maxAge <= 0) throw new ArgumentException($"The replay window must be at least 1 second; it is {_maxAge}.");
    }

    private string Url => _options.Uri.ToString();

    public async Task<IReadOnlyList<WebhookProbeOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        // The answer's body is read to the end (ResponseContentRead): disposing an unread HTTP/1.0 body made the next
        // delivery to some servers (Python's http.server) fail with "response ended prematurely". Bodies are capped.
        using var client = HttpClientFactory.Create(new HttpClientOptions
        {
            UseProxy = false, FollowRedirects = false, ConnectTimeout = _options.RequestTimeout, MaxResponseContentBufferSize = 4 * 1024 * 1024,
        });
        var outcomes = new List<WebhookProbeOutcome>();
        var selected = _options.Probes;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var baseline = Prepare(DateTimeOffset.UtcNow, _key);
        var baselineAnswer = await SendAsync(client, baseline, cancellationToken, retry: false).ConfigureAwait(false);
        if (baselineAnswer is { Kind: AnswerKind.NoAnswer, Retryable: true })
        {
            // A lost valid delivery may still have been processed; the retry is a new delivery, so a replay cache
            // cannot turn it into a false rejection.
            baseline = Prepare(DateTimeOffset.UtcNow, _key);
            baselineAnswer = await SendAsync(client, baseline, cancellationToken, retry: false).ConfigureAwait(false);
        }
        var valid = JudgeBaseline(baselineAnswer, baseline) with { Elapsed = clock.Elapsed };
        if (selected.Contains(WebhookProbes.Valid)) outcomes.Add(valid);
        if (valid.Status != CheckStatus.Passed)
        {
            foreach (var probe in selected.Where(p => p != WebhookProbes.Valid))
                outcomes.Add(NotJudged(probe, baselineAnswer));
            return outcomes;
        }

        foreach (var probe in selected.Where(p => p != WebhookProbes.Valid))
        {
            clock.Restart();
            var outcome = await RunProbeAsync(client, probe, baseline, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome with { Elapsed = clock.Elapsed });
        }
        return NameMissingTimestampCheck(outcomes);
    }

    private async Task<WebhookProbeOutcome> RunProbeAsync(HttpClient client, string probe, Delivery baseline, CancellationToken ct)
    {
        switch (probe)
        {
            case WebhookProbes.Replay:
                return JudgeReplay(await SendAsync(client, baseline, ct).ConfigureAwait(false), baseline);

            case WebhookProbes.Stale:
            case WebhookProbes.Future:
                if (!_scheme.HasTimestamp) return NoTimestamp(probe);
                var offset = _maxAge + Math.Max(60, _maxAge / 5);
                var shifted = Prepare(DateTimeOffset.UtcNow.AddSeconds(probe == WebhookProbes.Stale ? -offset : offset), _key);
                return JudgeTimestamp(probe, await SendAsync(client, shifted, ct).ConfigureAwait(false), offset);

            case WebhookProbes.Tampered:
                var changed = Prepare(DateTimeOffset.UtcNow, _key);
                changed = changed with { Body = ChangeMeaning(changed.Body) };
                var changedAnswer = await SendAsync(client, changed, ct).ConfigureAwait(false);
                Answer? reformattedAnswer = null;
                var reformatted = Prepare(DateTimeOffset.UtcNow, _key);
                if (JsonFields.IsJsonObject(reformatted.Body) && changedAnswer.Kind == AnswerKind.Rejected)
                {
                    reformatted = reformatted with { Body = ChangeFormattingOnly(reformatted.Body) };
                    reformattedAnswer = await SendAsync(client, reformatted, ct).ConfigureAwait(false);
                }
                return JudgeTampered(changedAnswer, reformattedAnswer);

            case WebhookProbes.WrongSecret:
                var otherKey = RandomNumberGenerator.GetBytes(Math.Max(32, _key.Length));
                var forged = Prepare(DateTimeOffset.UtcNow, otherKey);
                return JudgeRejection(probe, await SendAsync(client, forged, ct).ConfigureAwait(false),
                    "a delivery signed with another secret",
                    "it does not verify the signature (or accepts any signature)",
                    "Verify the HMAC with the configured secret and reject deliveries whose signature does not match.");

            case WebhookProbes.Unsigned:
                var unsigned = Prepare(DateTimeOffset.UtcNow, _key);
                unsigned = unsigned with { Headers = unsigned.Headers.Where(h => !h.Key.Equals(_scheme.SignatureHeader, StringComparison.OrdinalIgnoreCase)).ToList() };
                return JudgeRejection(probe, await SendAsync(client, unsigned, ct).ConfigureAwait(false),
                    $"a delivery with no {_scheme.SignatureHeader} header",
                    "it accepts a missing signature",
                    $"Reject every delivery without a {_scheme.SignatureHeader} header before processing it.");

            default:
                throw new ArgumentException($"Unknown webhook probe '{probe}'.");
        }
    }

    /// <summary>
    /// A receiver that accepts both an old and a future timestamp does not check timestamps at all: the future probe
    /// says so, so the two failures read as one flaw rather than two unrelated ones.
    /// </summary>
    private static IReadOnlyList<WebhookProbeOutcome> NameMissingTimestampCheck(List<WebhookProbeOutcome> outcomes)
    {
        var stale = outcomes.FindIndex(o => o.Probe == WebhookProbes.Stale);
        var future = outcomes.FindIndex(o => o.Probe == WebhookProbes.Future);
        if (stale >= 0 && future >= 0 && outcomes[stale].Status == CheckStatus.Failed && outcomes[future].Status == CheckStatus.Failed)
            outcomes[future] = outcomes[future] with
            {
                Message = outcomes[future].Message.TrimEnd('.') + " (and old ones: it does not check the timestamp at all).",
            };
        return outcomes;
    }

    // ---- deliveries ----

    private sealed record Delivery(string Id, DateTimeOffset Timestamp, string Body, List<KeyValuePair<string, string>> Headers);

    private Delivery Prepare(DateTimeOffset timestamp, byte[] key)
    {
        var id = NewId();
        var body = _options.Payload ?? DefaultPayload(id, timestamp);
        if (JsonFields.IsJsonObject(body))
        {
            if (_scheme.IdField is not null) body = JsonFields.Set(body, _scheme.IdField, JsonValue.Create(id));
            if (_scheme.EventField is not null) body = JsonFields.Set(body, _scheme.EventField, JsonValue.Create(_options.Event));
            if (_scheme.TimestampField is not null) body = JsonFields.Set(body, _scheme.TimestampField, TimestampNode(timestamp));
        }
        var signed = WebhookSigner.Sign(_scheme, key, body, id, timestamp, _options.Event);
        var headers = _options.Headers.ToList();
        headers.AddRange(signed.Headers);
        return new Delivery(id, timestamp, body, headers);
    }

    private string NewId() =>
        _scheme.IdIsGuid ? Guid.NewGuid().ToString() : _scheme.IdPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private string DefaultPayload(string id, DateTimeOffset timestamp) => new JsonObject
    {
        ["zen"] = "Readiness webhook probe.",
        ["delivery"] = id,
        ["event"] = _options.Event,
        ["sent_at"] = WebhookSigner.FormatTimestamp(timestamp, TimestampFormat.Iso8601),
    }.ToJsonString();

    private JsonNode TimestampNode(DateTimeOffset timestamp)
    {
        var text = WebhookSigner.FormatTimestamp(timestamp, _scheme.TimestampFormat);
        return _scheme.TimestampFormat == TimestampFormat.Iso8601 ? JsonValue.Create(text) : JsonValue.Create(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A change of meaning: a JSON object gains a field; any other body gains text.</summary>
    private static string ChangeMeaning(string body) =>
        JsonFields.IsJsonObject(body) ? JsonFields.Set(body, "readiness_tampered", JsonValue.Create(true)) : body + " (changed after signing)";

    /// <summary>Same JSON value, different bytes: a receiver that re-serialises before verifying cannot tell the difference.</summary>
    private static string ChangeFormattingOnly(string body)
    {
        var brace = body.IndexOf('{');
        return body[..(brace + 1)] + " " + body[(brace + 1)..] + "\n";
    }

    // ---- sending ----

    private enum AnswerKind { Accepted, Rejected, ServerError, Other, NoAnswer }

    /// <param name="Retryable">The connection failed without any answer (not a timeout): worth one more try.</param>
    private sealed record Answer(AnswerKind Kind, int? Status, string? Problem, string? Location, bool Retryable = false);

    /// <summary>
    /// Sends one delivery. A connection that fails without any answer is retried once with the same delivery, as
    /// webhook senders do: some servers close a connection the client has just reused ("response ended prematurely").
    /// Resending a bad delivery cannot change its verdict: a receiver rejects it again or accepts it again.
    /// </summary>
    private async Task<Answer> SendAsync(HttpClient client, Delivery delivery, CancellationToken cancellationToken, bool retry = true)
    {
        var answer = await SendOnceAsync(client, delivery, cancellationToken).ConfigureAwait(false);
        if (retry && answer.Retryable)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            answer = await SendOnceAsync(client, delivery, cancellationToken).ConfigureAwait(false);
        }
        return answer;
    }

    private async Task<Answer> SendOnceAsync(HttpClient client, Delivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Uri);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Body));
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonFields.IsJsonObject(delivery.Body) ? "application/json" : "text/plain");
        request.Content = content;
        request.Headers.UserAgent.ParseAdd("Readiness-Webhook-Probe/1.0");
        // One connection per delivery: a receiver that closes idle connections (HTTP/1.0 servers, proxies) must not
        // turn a probe into a transport error by racing the client's reuse of a pooled connection.
        request.Headers.ConnectionClose = true;
        foreach (var (name, value) in delivery.Headers)
            if (!request.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var kind = code switch
            {
                >= 200 and < 300 => AnswerKind.Accepted,
                >= 400 and < 500 => AnswerKind.Rejected,
                >= 500 => AnswerKind.ServerError,
                _ => AnswerKind.Other,
            };
            return new Answer(kind, code, null, response.Headers.Location?.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(AnswerKind.NoAnswer, null, $"{Url} did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            return new Answer(AnswerKind.NoAnswer, null, $"could not reach {Url} ({reason.TrimEnd('.')})", null, Retryable: true);
        }
    }

    // ---- judging ----

    private WebhookProbeOutcome JudgeBaseline(Answer answer, Delivery delivery)
    {
        var evidence = Evidence(answer);
        evidence["deliveryId"] = delivery.Id;
        return answer.Kind switch
        {
            AnswerKind.Accepted => new(WebhookProbes.Valid, CheckStatus.Passed,
                $"{Url} accepted a correctly signed fresh {_scheme.DisplayName} delivery (HTTP {answer.Status}).", evidence),
            AnswerKind.Rejected => new(WebhookProbes.Valid, CheckStatus.Failed,
                $"{Url} rejected a correctly signed fresh {_scheme.DisplayName} delivery with HTTP {answer.Status}: the receiver's secret or scheme differs from the one tested, or it verifies something other than the raw body.",
                evidence, "Check that the secret and scheme match the receiver's configuration and that it computes the HMAC over the raw request body."),
            AnswerKind.ServerError => new(WebhookProbes.Valid, CheckStatus.Failed,
                $"{Url} answered HTTP {answer.Status} to a correctly signed fresh {_scheme.DisplayName} delivery: the receiver is failing, so none of its defences can be shown.",
                evidence, "Fix the receiver's server error (see its logs) and run the probes again."),
            AnswerKind.Other => new(WebhookProbes.Valid, CheckStatus.Failed,
                $"{Url} answered HTTP {answer.Status}{(answer.Location is null ? "" : $" (to {answer.Location})")} to a correctly signed fresh delivery instead of accepting it.",
                evidence, "Point the check at the receiver's final URL."),
            _ => new(WebhookProbes.Valid, CheckStatus.Error, $"The valid delivery failed: {answer.Problem}.", evidence),
        };
    }

    private WebhookProbeOutcome NotJudged(string probe, Answer baseline) => new(probe, CheckStatus.Error,
        baseline.Kind == AnswerKind.NoAnswer
            ? $"Not run: {baseline.Problem} for the valid delivery."
            : $"Not judged: {Url} did not accept a valid delivery (HTTP {baseline.Status}), so a rejection here would prove nothing.",
        Evidence(baseline));

    private WebhookProbeOutcome JudgeReplay(Answer answer, Delivery baseline)
    {
        var idText = _scheme.IdSource == "no delivery id" ? "the same signature" : $"{_scheme.IdSource} {baseline.Id}";
        var evidence = Evidence(answer);
        evidence["deliveryId"] = baseline.Id;
        var githubNote = _scheme.TimestampIsSigned ? "" :
            _scheme.HasTimestamp
                ? $"; the timestamp in {_scheme.TimestampSource} is not signed, so this deduplication is what stops an exact replay"
                : $"; {_scheme.DisplayName} signs no timestamp, so delivery-id deduplication is the replay defence that can be proven{WindowOnlyBoundsIds()}";
        if (answer.Kind == AnswerKind.Accepted)
        {
            var within = _scheme.HasTimestamp ? $" and a captured delivery can be replayed for the whole {_maxAge} s window" : " and a captured delivery can be replayed at any time";
            return new(WebhookProbes.Replay, CheckStatus.Failed,
                $"{Url} accepted the same delivery twice ({idText}): it has no replay cache{within}.", evidence,
                $"Remember processed delivery ids ({_scheme.IdSource}) for at least the replay window and reject repeats.");
        }
        var judged = JudgeRejection(WebhookProbes.Replay, answer, $"the same delivery sent again ({idText})", "", "");
        return judged.Status == CheckStatus.Passed
            ? judged with { Message = judged.Message.TrimEnd('.') + githubNote + ".", Evidence = evidence }
            : judged with { Evidence = evidence };
    }

    private string WindowOnlyBoundsIds() => _options.MaxAgeSource is null && _options.MaxAgeSeconds is null ? ""
        : $" ({_options.MaxAgeSource ?? "the replay window"} can only bound how long delivery ids are remembered)";

    private WebhookProbeOutcome NoTimestamp(string probe) => new(probe, CheckStatus.Skipped,
        $"{_scheme.DisplayName} signs only the body and sends no timestamp, so there is no age window to test; name the timestamp the receiver trusts (timestampHeader or timestampField) to test one, and rely on delivery-id deduplication (the replay probe) against replays.",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["timestampSource"] = "none" });

    private WebhookProbeOutcome JudgeTimestamp(string probe, Answer answer, int offset)
    {
        var stale = probe == WebhookProbes.Stale;
        var what = stale
            ? $"a delivery whose timestamp ({_scheme.TimestampSource}) was {offset} s old, beyond the {_maxAge} s window{FromSource()}"
            : $"a delivery whose timestamp ({_scheme.TimestampSource}) was {offset} s in the future, beyond the {_maxAge} s window{FromSource()}";
        var flaw = stale ? "it does not check the timestamp's age" : "it accepts future timestamps";
        var fix = stale
            ? $"Reject deliveries whose timestamp is more than {_maxAge} s old, before processing them."
            : $"Reject deliveries whose timestamp is more than {_maxAge} s ahead of the receiver's clock, not only old ones.";
        var judged = JudgeRejection(probe, answer, what, flaw, fix);
        judged.Evidence["timestampOffsetSeconds"] = (stale ? -offset : offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
        judged.Evidence["windowSeconds"] = _maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        judged.Evidence["timestampSigned"] = _scheme.TimestampIsSigned ? "true" : "false";
        return judged.Status == CheckStatus.Passed ? judged with { Message = judged.Message.TrimEnd('.') + WindowMeaning() + "." } : judged;
    }

    private string FromSource() => _options.MaxAgeSource is null ? "" : $" ({_options.MaxAgeSource})";

    /// <summary>What an age window does and does not protect against, given where the timestamp travels.</summary>
    private string WindowMeaning()
    {
        if (_scheme.SignedContent.Contains("{timestamp}", StringComparison.Ordinal))
            return $"; the timestamp is signed, so a captured delivery expires after {_maxAge} s and repeats inside the window are stopped by the replay cache";
        if (_scheme.TimestampField is not null && _scheme.TimestampIsSigned)
            return $"; the field is signed with the body but records when the event was created, so the window also rejects late redeliveries of old events and repeats inside it are stopped only by delivery-id deduplication";
        return $"; {_scheme.TimestampSource} is not signed, so the window stops only replays that keep the captured value: an attacker who rewrites it is stopped only by delivery-id deduplication";
    }

    private WebhookProbeOutcome JudgeTampered(Answer changed, Answer? reformatted)
    {
        var evidence = Evidence(changed);
        if (reformatted is not null) evidence["statusReformatted"] = Show(reformatted);
        if (changed.Kind == AnswerKind.Accepted)
            return new(WebhookProbes.Tampered, CheckStatus.Failed,
                $"{Url} accepted a body changed after signing (HTTP {changed.Status}): it does not verify the signature against the body.", evidence,
                "Compute the HMAC over the raw request body and reject the delivery when it does not match.");
        if (reformatted?.Kind == AnswerKind.Accepted)
            return new(WebhookProbes.Tampered, CheckStatus.Failed,
                $"{Url} accepted a body re-formatted after signing (whitespace only, HTTP {reformatted.Status}): it verifies the signature over re-serialised JSON instead of the raw body bytes.", evidence,
                "Verify the HMAC over the exact bytes received, before parsing the JSON.");
        var judged = JudgeRejection(WebhookProbes.Tampered, changed, "a body changed after signing", "", "");
        if (judged.Status == CheckStatus.Passed && reformatted is { Kind: not AnswerKind.Rejected })
            judged = JudgeRejection(WebhookProbes.Tampered, reformatted, "a body re-formatted after signing (whitespace only)", "", "");
        if (judged.Status == CheckStatus.Passed && reformatted is not null)
            judged = judged with { Message = $"{Url} rejected a body changed after signing (HTTP {changed.Status}) and one only re-formatted (HTTP {reformatted.Status}): it verifies the raw body." };
        return judged with { Evidence = evidence };
    }

    /// <summary>The shared rule of every "expect rejection" probe.</summary>
    private WebhookProbeOutcome JudgeRejection(string probe, Answer answer, string what, string flaw, string fix)
    {
        var evidence = Evidence(answer);
        return answer.Kind switch
        {
            AnswerKind.Rejected => new(probe, CheckStatus.Passed, $"{Url} rejected {what} (HTTP {answer.Status}).", evidence),
            AnswerKind.Accepted => new(probe, CheckStatus.Failed, $"{Url} accepted {what} (HTTP {answer.Status}): {flaw}.", evidence, fix),
            AnswerKind.ServerError => new(probe, CheckStatus.Warning,
                $"{Url} answered HTTP {answer.Status} to {what} instead of a 4xx rejection: a server error is not a deliberate rejection and makes senders retry.",
                evidence, "Reject invalid deliveries with 400, 401 or 409 before processing them."),
            AnswerKind.Other => new(probe, CheckStatus.Warning,
                $"{Url} answered HTTP {answer.Status} to {what}, neither an acceptance nor a rejection.", evidence,
                "Reject invalid deliveries with a 4xx status."),
            _ => new(probe, CheckStatus.Error, $"The {probe} probe failed: {answer.Problem}.", evidence),
        };
    }

    private static Dictionary<string, string> Evidence(Answer answer) => new(StringComparer.Ordinal) { ["status"] = Show(answer) };

    private static string Show(Answer answer) => answer.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer";
}
