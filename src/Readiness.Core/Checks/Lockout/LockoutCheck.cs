using System.Globalization;
using Readiness.Core.Checks.RateLimit;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Lockout;

/// <summary>
/// The <c>lockout</c> check: after N failed logins (the request template with a wrong password) the account is
/// locked, so the correct password is refused on attempt N+1; by default it also proves the lock does not come
/// earlier (after N-1 failures the correct password still works) and, with <c>unlockAfter</c>, that it ends.
/// The body template takes <c>{{username}}</c> and <c>{{password}}</c>; passwords never reach results.
/// </summary>
public sealed class LockoutCheck : SingleResultCheck<LockoutParameters>, ITargetChangingCheck
{
    public const int MaxAttempts = 100;
    public static readonly TimeSpan MaxUnlockWait = TimeSpan.FromMinutes(10);

    public override string Type => "lockout";

    /// <summary>Locks one test account for the lockout window; the service itself is not loaded.</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange Plan(CheckContext context)
    {
        var p = CheckParameterBinder.Bind<LockoutParameters>(context.Parameters);
        var attempts = Attempts(context.Parameters, p);
        return new PlannedChange($"{p.Method.ToUpperInvariant()} {p.Url} as {p.Username}",
            $"Send {attempts} failed logins (the account will be locked)", p.Url);
    }

    private static int Attempts(CheckParameters values, LockoutParameters p) =>
        p.Attempts is >= 1 and <= MaxAttempts ? p.Attempts : throw values.Invalid("attempts", $"a whole number from 1 to {MaxAttempts}");

    public override async Task<CheckResult> DecideAsync(CheckContext context, LockoutParameters p, CancellationToken cancellationToken)
    {
        var values = context.Parameters;
        var uri = p.Url;
        var username = p.Username;
        var password = p.Password;
        var wrong = p.WrongPassword ?? "readiness-wrong-" + Guid.NewGuid().ToString("N")[..12];
        context.Secrets.Add(password);
        context.Secrets.Add(wrong);
        var attempts = Attempts(values, p);
        var lockedStatuses = p.LockedStatus.Select(s => int.TryParse(s, out var v) ? v : throw values.Invalid("lockedStatus", "status codes such as 423 or 429")).ToHashSet();
        var unlockAfter = p.UnlockAfter;
        if (unlockAfter is { } u && (u > MaxUnlockWait || u + TimeSpan.FromSeconds(5) > context.Timeout))
            throw values.Invalid("unlockAfter", $"shorter than the check timeout ({context.Timeout.TotalSeconds:0} s) and at most {MaxUnlockWait.TotalMinutes:0} minutes");
        var headers = p.Headers.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
        var spec = new HttpRequestSpec(uri, p.Method, headers, p.Body);
        HttpRequestSpec.RegisterSecrets(headers, context.Secrets);
        var target = $"{spec.Method.ToUpperInvariant()} {uri} as {username}";

        using var probe = new AttemptClient(p.Timeout ?? TimeSpan.FromSeconds(Math.Min(10, context.Timeout.TotalSeconds)));
        var log = new List<string>();
        async Task<ProbeResponse> Login(string pass, string label)
        {
            var r = await probe.SendAsync(spec, b => b.Replace("{{username}}", username).Replace("{{password}}", pass), cancellationToken).ConfigureAwait(false);
            log.Add($"{label}:{r.Status}");
            return r;
        }
        async Task<ProbeResponse?> Fail(int count)
        {
            for (var i = 1; i <= count; i++)
            {
                var r = await Login(wrong, "wrong");
                if (r.IsSuccess) return r;
            }
            return null;
        }

        try
        {
            var baseline = await Login(password, "correct");
            if (!baseline.IsSuccess)
                return Evidence(context.Error($"The correct password for {username} is refused ({baseline.Status}) before any failed attempt; check the credentials, or wait for an earlier lockout to end.", target), log, attempts);

            if (p.CheckNotEarlier && attempts > 1)
            {
                if (await Fail(attempts - 1) is { } accepted)
                    return Evidence(context.Error($"A wrong password for {username} was accepted ({accepted.Status}); the request template does not test the password.", target), log, attempts);
                var early = await Login(password, "correct");
                if (!early.IsSuccess)
                    return Evidence(context.Fail($"{username} is locked too early: the correct password is refused ({early.Status}) after only {attempts - 1} failed logins, expected after {attempts}.", target,
                        $"Lock accounts after {attempts} failed attempts, or correct 'attempts' in the checklist."), log, attempts);
            }

            if (await Fail(attempts) is { } accepted2)
                return Evidence(context.Error($"A wrong password for {username} was accepted ({accepted2.Status}); the request template does not test the password.", target), log, attempts);
            var locked = await Login(password, "correct");
            if (locked.IsSuccess)
                return Evidence(context.Fail($"{username} is not locked after {attempts} failed logins: the correct password is accepted ({locked.Status}) on attempt {attempts + 1}.", target,
                    $"Lock the account (or delay further attempts) after {attempts} failed logins, and refuse even the correct password while locked."), log, attempts);
            if (lockedStatuses.Count > 0 && !lockedStatuses.Contains(locked.Status))
                return Evidence(context.Warn($"{username} is locked after {attempts} failed logins, but the refusal is {locked.Status}, not {string.Join(" or ", lockedStatuses)}.", target), log, attempts);

            var retry = string.Join(", ", locked.RetryHeaders.Select(h => $"{h.Key}: {h.Value}"));
            var message = $"{username} is locked after {attempts} failed logins: the correct password is refused ({locked.Status}) on attempt {attempts + 1}";
            if (unlockAfter is { } wait)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                var after = await Login(password, "correct");
                if (!after.IsSuccess)
                    return Evidence(context.Fail($"{username} is still locked {wait.TotalSeconds:0.#} s later: the correct password is refused ({after.Status}).", target,
                        "Make the lockout expire after its window, or correct 'unlockAfter' in the checklist."), log, attempts);
                message += $", and unlocked again after {wait.TotalSeconds:0.#} s";
            }
            var result = context.Pass(message + ".", target);
            if (retry.Length > 0) result.WithEvidence("retryHeaders", retry);
            return Evidence(result.WithEvidence("lockedStatus", locked.Status), log, attempts);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            return Evidence(context.Error(AttemptClient.Unreachable(target, ex), target), log, attempts);
        }
    }

    private static CheckResult Evidence(CheckResult result, List<string> log, int attempts) =>
        result.WithEvidence("attempts", attempts).WithEvidence("sequence", string.Join(" ", log));
}

public sealed record LockoutParameters
{
    /// <summary>The login endpoint.</summary>
    [CheckParameter("url", Required = true, MustBe = "an absolute http or https URL")] public Uri Url { get; init; } = null!;
    [CheckParameter("method")] public string Method { get; init; } = "POST";
    [CheckParameter("headers")] public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    /// <summary>The login request's body, with <c>{{username}}</c> and <c>{{password}}</c>.</summary>
    [CheckParameter("body")] public string Body { get; init; } = "{\"username\":\"{{username}}\",\"password\":\"{{password}}\"}";
    [CheckParameter("username", Required = true)] public string Username { get; init; } = "";
    [CheckParameter("password", Required = true)] public string Password { get; init; } = "";
    /// <summary>The password of the failed logins; a random one by default.</summary>
    [CheckParameter("wrongPassword")] public string? WrongPassword { get; init; }
    /// <summary>Failed logins after which the account must be locked (1 to <see cref="LockoutCheck.MaxAttempts"/>).</summary>
    [CheckParameter("attempts")] public int Attempts { get; init; } = 5;
    /// <summary>The statuses a locked account's refusal should have (423, 429); any refusal when not given.</summary>
    [CheckParameter("lockedStatus")] public IReadOnlyList<string> LockedStatus { get; init; } = [];
    /// <summary>Also prove the lock does not come a failure early.</summary>
    [CheckParameter("checkNotEarlier")] public bool CheckNotEarlier { get; init; } = true;
    /// <summary>Wait this long after the lock and prove the correct password works again.</summary>
    [CheckParameter("unlockAfter")] public TimeSpan? UnlockAfter { get; init; }
    [CheckParameter("timeout")] public TimeSpan? Timeout { get; init; }
}
