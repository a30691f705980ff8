using System.Management.Automation;

namespace Readiness.PowerShell.Hosting;

/// <summary>
/// An absolute URI with one of the given schemes, checked while PowerShell binds, so `-Uri 'not a url'` is a parameter
/// validation error naming the parameter instead of an engine failure after the command has started.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateUriSchemeAttribute(params string[] schemes) : ValidateArgumentsAttribute
{
    public string[] Schemes { get; } = schemes;

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject ps ? ps.BaseObject : arguments;
        var uri = value as Uri ?? (value is string s && Uri.TryCreate(s, UriKind.Absolute, out var parsed) ? parsed : null);
        if (uri is null || !uri.IsAbsoluteUri)
            throw new ValidationMetadataException($"'{value}' is not an absolute URI; give one such as {Schemes[0]}://host/path.");
        if (!Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
            throw new ValidationMetadataException(
                $"'{uri}' uses {uri.Scheme}://; this parameter takes {string.Join(" or ", Schemes.Select(x => x + "://"))}.");
    }
}

/// <summary>
/// Lets -TimeoutSec take a TimeSpan (or a string such as "00:00:30") as well as whole seconds, so scripts written when
/// the parameter was a TimeSpan named -Timeout keep working after the rename to Invoke-WebRequest's convention.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class TimeoutSecTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            TimeSpan span => ToSeconds(span),
            string s when s.Contains(':') && TimeSpan.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var span) => ToSeconds(span),
            _ => inputData,
        };
    }

    // A fraction of a second still waits: rounding 0.5 s down to 0 would fail validation or mean "no timeout".
    private static int ToSeconds(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Ceiling(span.TotalSeconds));
}

/// <summary>
/// Binds whatever a Test-* or Invoke-* command writes (BackupRestoreResult, LoadTestResult, EvidenceVerification, a
/// report) to a CheckResult[] parameter, so a whole command's output pipes into Get-ReadinessReport; anything else
/// is left for PowerShell to bind elsewhere (a Checklist) or reject.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CheckResultTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        if (value is CheckResult or CheckResult[]) return inputData;
        if (value is object[] items)
        {
            var all = new List<CheckResult>();
            foreach (var item in items)
            {
                if (Convert(item) is not { } results) return inputData;
                all.AddRange(results);
            }
            return all.ToArray();
        }
        return Convert(value) is { } converted ? converted.ToArray() : inputData;
    }

    private static IReadOnlyList<CheckResult>? Convert(object? item) =>
        Readiness.Core.Running.ResultAggregator.ResultsOf(item is PSObject ps ? ps.BaseObject : item);
}

/// <summary>A format one of the engine's report writers has, checked while binding (the list is the engine's, not a constant).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateReportFormatAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var format = (arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString() ?? "";
        if (!Readiness.Core.Reporting.ReportWriters.Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
            throw new ValidationMetadataException(
                $"'{format}' is not a report format. Allowed: {string.Join(", ", Readiness.Core.Reporting.ReportWriters.Formats)}.");
    }
}

/// <summary>
/// -AsOf reads a string as the CLI's --as-of does (2026-11-22 is midnight UTC, not the machine's local midnight), so a
/// pipeline and a runbook judge the same instant; a DateTime or DateTimeOffset (Get-Date) binds as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AsOfTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        try
        {
            return value switch
            {
                string s => Core.Running.RunClock.Parse(s, "-AsOf"),
                DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d),
                _ => inputData,
            };
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}
