using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>One migration: its up script and, when there is one, its down script.</summary>
public sealed record Migration(string Name, string Up, string? Down);

/// <summary>
/// Migrations proven on a scratch database (always dropped): applied twice they leave the same schema and the second
/// pass raises nothing (idempotent); each down script returns the schema to what it was before its up (reversible).
/// Migrations are <c>NAME.up.sql</c> with <c>NAME.down.sql</c>, or plain <c>NAME.sql</c>, applied in name order.
/// </summary>
public static class MigrationChecks
{
    public static IReadOnlyList<Migration> Discover(CheckContext context, DatabaseParameters p)
    {
        var given = p.Migrations ?? throw context.Parameters.Missing("migrations", "the folder of migration scripts");
        var folder = context.ResolvePath(given);
        if (!Directory.Exists(folder)) throw context.Parameters.Invalid("migrations", $"an existing folder ({folder} does not exist)");
        var files = Directory.GetFiles(folder, "*.sql").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        return files.Where(f => !f.EndsWith(".down.sql", StringComparison.OrdinalIgnoreCase))
            .Select(up =>
            {
                var name = Path.GetFileName(up).Replace(".up.sql", "", StringComparison.OrdinalIgnoreCase).Replace(".sql", "", StringComparison.OrdinalIgnoreCase);
                var down = Path.Combine(folder, name + ".down.sql");
                return new Migration(name, up, File.Exists(down) ? down : null);
            }).ToList();
    }

    /// <summary>The written plan alone: every up-migration has a down script or is named in the rollback document.</summary>
    public static CheckResult RollbackPlanOnly(CheckContext context, DatabaseParameters p, string? notApplied = null)
    {
        var migrations = Discover(context, p);
        var where = p.Migrations!;
        var (documented, problem) = UncoveredMigrations(context, p, migrations);
        if (problem is not null) return problem;
        if (migrations.Count == 0) return context.Fail($"{where} holds no migrations (*.up.sql or *.sql).", where);
        var withDown = migrations.Count(m => m.Down is not null);
        var uncovered = migrations.Where(m => m.Down is null && !documented.Contains(m.Name)).Select(m => m.Name).ToList();
        var result = uncovered.Count > 0
            ? context.Fail($"{uncovered.Count} of {migrations.Count} migration(s) have no down script and no documented rollback: {string.Join(", ", uncovered)}.", where,
                $"Write {uncovered[0]}.down.sql, or describe its rollback under its name in {p.RollbackDoc ?? "a rollback document (rollbackDoc)"}.")
            : context.Pass($"Every one of {migrations.Count} migration(s) has a rollback: {withDown} down script(s){(migrations.Count - withDown > 0 ? $", {migrations.Count - withDown} documented" : "")}{(notApplied is null ? "" : $". The down scripts were not applied ({notApplied})")}.", where);
        return result.WithEvidence("migrations", migrations.Count).WithEvidence("downScripts", withDown).WithEvidence("uncovered", uncovered.Count);
    }

    private static (HashSet<string> Documented, CheckResult? Problem) UncoveredMigrations(CheckContext context, DatabaseParameters p, IReadOnlyList<Migration> migrations)
    {
        var documented = new HashSet<string>(StringComparer.Ordinal);
        if (p.RollbackDoc is not { } doc) return (documented, null);
        var path = context.ResolvePath(doc);
        if (!File.Exists(path)) return (documented, context.Fail($"The rollback document {doc} does not exist.", doc, $"Write {doc} or remove rollbackDoc."));
        var text = File.ReadAllText(path);
        foreach (var m in migrations) if (text.Contains(m.Name, StringComparison.Ordinal)) documented.Add(m.Name);
        return (documented, null);
    }

    public static async Task<CheckResult> IdempotentAsync(CheckContext context, PostgresTarget target, DatabaseParameters p, CancellationToken cancellationToken)
    {
        var migrations = Discover(context, p);
        if (migrations.Count == 0) return context.Fail($"{p.Migrations} holds no migrations (*.up.sql or *.sql).", p.Migrations);
        return await OnScratchAsync(context, target, p, async (connection, scratch) =>
        {
            foreach (var m in migrations)
                if (await ApplyAsync(connection, m.Up, cancellationToken).ConfigureAwait(false) is { } first)
                    return context.Fail($"{m.Name} fails on an empty database, before idempotence can be judged: {first}", m.Name);
            var once = await SchemaSnapshot.TakeAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var m in migrations)
                if (await ApplyAsync(connection, m.Up, cancellationToken).ConfigureAwait(false) is { } again)
                    return context.Fail($"{m.Name} is not idempotent: applied a second time it fails with: {again}", m.Name,
                        "Guard each statement (CREATE TABLE IF NOT EXISTS, CREATE INDEX IF NOT EXISTS, ADD COLUMN IF NOT EXISTS) or record applied migrations and skip them.");
            var twice = await SchemaSnapshot.TakeAsync(connection, cancellationToken).ConfigureAwait(false);
            if (!once.SequenceEqual(twice))
                return context.Fail($"Applying the {migrations.Count} migrations a second time changes the schema: {SchemaSnapshot.Difference(once, twice)}.", p.Migrations,
                    "Make every migration a no-op when its change is already in place.");
            return context.Pass($"All {migrations.Count} migrations applied twice to scratch database {scratch}: the second pass raised nothing and the schema ({once.Count} objects) is identical.", p.Migrations)
                .WithEvidence("schemaObjects", once.Count);
        }, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<CheckResult> RollbackAsync(CheckContext context, PostgresTarget target, DatabaseParameters p, CancellationToken cancellationToken)
    {
        var plan = RollbackPlanOnly(context, p);
        if (plan.Status != CheckStatus.Passed) return plan;
        var migrations = Discover(context, p);
        return await OnScratchAsync(context, target, p, async (connection, scratch) =>
        {
            var before = new List<IReadOnlyList<string>> { await SchemaSnapshot.TakeAsync(connection, cancellationToken).ConfigureAwait(false) };
            foreach (var m in migrations)
            {
                if (await ApplyAsync(connection, m.Up, cancellationToken).ConfigureAwait(false) is { } error)
                    return context.Fail($"{m.Name} fails on a scratch database: {error}", m.Name);
                before.Add(await SchemaSnapshot.TakeAsync(connection, cancellationToken).ConfigureAwait(false));
            }
            // Downs run newest first; one with only a documented rollback ends what can be proven by script.
            var proven = 0;
            for (var i = migrations.Count - 1; i >= 0 && migrations[i].Down is { } down; i--)
            {
                if (await ApplyAsync(connection, down, cancellationToken).ConfigureAwait(false) is { } error)
                    return context.Fail($"The down script of {migrations[i].Name} fails: {error}", Path.GetFileName(down));
                var after = await SchemaSnapshot.TakeAsync(connection, cancellationToken).ConfigureAwait(false);
                if (!after.SequenceEqual(before[i]))
                    return context.Fail($"The down script of {migrations[i].Name} does not restore the schema it started from: {SchemaSnapshot.Difference(before[i], after)}.", Path.GetFileName(down),
                        $"Make {Path.GetFileName(down)} undo exactly what {Path.GetFileName(migrations[i].Up)} does.");
                proven++;
            }
            return context.Pass($"{plan.Message} On scratch database {scratch}, {proven} down script(s), newest first, each restored the schema from before its up.", p.Migrations)
                .WithEvidence("downScriptsProven", proven).WithEvidence("migrations", migrations.Count);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckResult> OnScratchAsync(CheckContext context, PostgresTarget target, DatabaseParameters p,
        Func<NpgsqlConnection, string, Task<CheckResult>> body, CancellationToken cancellationToken)
    {
        ScratchDatabase scratch;
        try { scratch = await ScratchDatabase.CreateAsync(target, p.MaintenanceDatabase, cancellationToken).ConfigureAwait(false); }
        catch (PostgresException ex) { return context.Fail($"No scratch database could be created on {target.Display}: {ex.MessageText}", target.Display, $"Grant CREATEDB to {target.Builder.Username}."); }
        catch (NpgsqlException ex) { return context.Error($"PostgreSQL at {target.Display} could not be reached: {ex.InnerException?.Message ?? ex.Message}", target.Display); }
        CheckResult result;
        await using (scratch.ConfigureAwait(false))
        {
            await using var connection = await scratch.OpenAsync(cancellationToken).ConfigureAwait(false);
            result = await body(connection, scratch.Name).ConfigureAwait(false);
        }
        result.WithEvidence("scratchDatabase", scratch.Name);
        if (scratch.SweptScratch.Count > 0) result.WithEvidence("earlierScratch", string.Join("; ", scratch.SweptScratch));
        if (scratch.CleanupWarning is { } warning && result.Status == CheckStatus.Passed)
            return context.Warn(result.Message + " " + warning, result.Target);
        return result;
    }

    /// <summary>Runs one script; the server's message when it fails, else null.</summary>
    private static async Task<string?> ApplyAsync(NpgsqlConnection connection, string script, CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = new NpgsqlCommand(await File.ReadAllTextAsync(script, cancellationToken).ConfigureAwait(false), connection);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PostgresException ex) { return ex.MessageText; }
    }
}
