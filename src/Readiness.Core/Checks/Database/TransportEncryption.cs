using System.Text.RegularExpressions;
using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// Data in transit to PostgreSQL is encrypted when both ends insist: the server has ssl on (and this very connection
/// was encrypted), and the application's connection string requires TLS (sslmode require, verify-ca or verify-full;
/// prefer and allow fall back to plain text without a word).
/// </summary>
public static partial class TransportEncryption
{
    private static readonly string[] Requiring = ["require", "verify-ca", "verify-full"];

    public static async Task<IReadOnlyList<CheckResult>> DecideAsync(CheckContext context, DatabaseParameters p, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        if (p.AppEnvFile is { } file) results.Add(Client(context.ForAspect("client-sslmode", "The application's connection string requires TLS", Severity.High), context, file, p.AppConnectionName));
        var server = context.ForAspect("server-ssl", "PostgreSQL encrypts connections", Severity.High);
        var target = PostgresTarget.From(server, p);
        results.Add(target.SkippedWhenNotGiven(server, "the server's TLS setting") ?? await ServerAsync(server, target, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static async Task<CheckResult> ServerAsync(CheckContext context, PostgresTarget target, CancellationToken cancellationToken)
    {
        // Prefer: an encrypted session when the server offers one, so the answer below says what the server does.
        if (target.Builder.SslMode is SslMode.Disable or SslMode.Allow) target.Builder.SslMode = SslMode.Prefer;
        target.Builder.TrustServerCertificate = target.Builder.SslMode is SslMode.Prefer or SslMode.Require;
        var (connection, problem) = await target.OpenAsync(context, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return problem;
        await using var _ = connection!;
        await using var cmd = new NpgsqlCommand("select current_setting('ssl'), coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false), coalesce((select version from pg_stat_ssl where pid = pg_backend_pid()), '')", connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var ssl = reader.GetString(0);
        var encrypted = reader.GetBoolean(1);
        var version = reader.GetString(2);
        var result = ssl != "on"
            ? context.Fail($"PostgreSQL at {target.Display} has ssl = {ssl}: connections to it, and the personal data they carry, travel in plain text.", target.Display,
                "Set ssl = on with ssl_cert_file and ssl_key_file in postgresql.conf, and hostssl (not host) lines in pg_hba.conf.")
            : !encrypted
                ? context.Fail($"PostgreSQL at {target.Display} has ssl on, but this connection was not encrypted.", target.Display, "Use hostssl lines in pg_hba.conf so plain connections are refused.")
                : context.Pass($"PostgreSQL at {target.Display} has ssl on and encrypted this connection ({version}).", target.Display);
        return result.WithEvidence("ssl", ssl).WithEvidence("connectionEncrypted", encrypted).WithEvidence("tlsVersion", version);
    }

    private static CheckResult Client(CheckContext aspect, CheckContext context, string file, string name)
    {
        var path = context.ResolvePath(file);
        var where = Path.GetFileName(path);
        if (!File.Exists(path)) return aspect.Fail($"{where} does not exist, so the application's {name} cannot be read.", path);
        var value = Env.EnvironmentSources.ReadDotEnv(path).TryGetValue(name, out var v) ? v.Value : null;
        if (string.IsNullOrWhiteSpace(value)) return aspect.Fail($"{name} is not set in {where}.", where, $"Set {name} with sslmode=verify-full.");
        foreach (var secret in Checklists.LiteralCredentials.Find(value)) context.Secrets.Add(secret);
        var mode = SslModeOf(value);
        var result = mode is not null && Requiring.Contains(mode)
            ? aspect.Pass($"{name} in {where} requires TLS (sslmode={mode}).", where)
            : aspect.Fail($"{name} in {where} {(mode is null ? "sets no sslmode, so the driver's default (prefer) falls back to plain text" : $"has sslmode={mode}, which falls back to or uses plain text")}.", where,
                $"Add sslmode=verify-full (or at least require) to {name}.");
        return result.WithEvidence("sslmode", mode ?? "");
    }

    /// <summary>sslmode of a postgresql:// URL (query) or a keyword connection string (sslmode=, SSL Mode=), lower-case with dashes.</summary>
    public static string? SslModeOf(string connection)
    {
        var m = SslModeSetting().Match(connection);
        return m.Success ? m.Groups["mode"].Value.ToLowerInvariant().Replace("verifyca", "verify-ca").Replace("verifyfull", "verify-full") : null;
    }

    [GeneratedRegex(@"(?i)(?:^|[?&;\s])(?:sslmode|ssl\s*mode)\s*=\s*(?<mode>[a-z-]+)")]
    private static partial Regex SslModeSetting();
}
