using Readiness.Core.Probing;
using System.Globalization;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// Reads the target's resident memory: VmRSS from /proc/&lt;pid&gt;/status for a process on this machine, or a
/// gauge (e.g. process_resident_memory_bytes) from a Prometheus metrics endpoint. Sampled during the run; the
/// peak is what is compared with the limit.
/// </summary>
public sealed class MemoryProbe
{
    private readonly int? _pid;
    private readonly Uri? _metricsUrl;
    private readonly string _gauge;
    private readonly HttpClient? _http;

    private MemoryProbe(int? pid, Uri? metricsUrl, string gauge)
    {
        _pid = pid;
        _metricsUrl = metricsUrl;
        _gauge = gauge;
        if (metricsUrl is not null)
            _http = HttpClientFactory.Create(new HttpClientOptions
            {
                UseProxy = true, FollowRedirects = true, ConnectTimeout = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromSeconds(5),
            });
    }

    public static MemoryProbe ForProcess(int pid) => new(pid, null, "");
    public static MemoryProbe ForMetrics(Uri url, string gauge = "process_resident_memory_bytes") => new(null, url, gauge);

    public string Source => _pid is { } pid ? $"pid {pid} VmRSS" : $"{_gauge} at {_metricsUrl}";

    /// <summary>Resident bytes now; throws <see cref="InvalidOperationException"/> with a readable reason when unreadable.</summary>
    public async Task<double> ReadAsync(CancellationToken cancellationToken)
    {
        if (_pid is { } pid)
        {
            var path = $"/proc/{pid}/status";
            if (!File.Exists(path)) throw new InvalidOperationException($"No process {pid} runs on this machine (no {path}).");
            return ParseVmRss(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))
                ?? throw new InvalidOperationException($"{path} has no VmRSS line.");
        }
        var text = await _http!.GetStringAsync(_metricsUrl, cancellationToken).ConfigureAwait(false);
        return ParseGauge(text, _gauge) ?? throw new InvalidOperationException($"{_metricsUrl} has no sample of {_gauge}.");
    }

    /// <summary>VmRSS from a /proc status text, in bytes.</summary>
    public static double? ParseVmRss(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var parts = line[6..].Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var kb))
                return kb * 1024;
        }
        return null;
    }

    /// <summary>The sum of a gauge's samples (all label sets) in Prometheus text format; null when absent.</summary>
    public static double? ParseGauge(string text, string name)
    {
        double? sum = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(name, StringComparison.Ordinal)) continue;
            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '{')) continue;
            if (rest[0] == '{')
            {
                var close = rest.LastIndexOf('}');
                if (close < 0) continue;
                rest = rest[(close + 1)..];
            }
            var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                sum = (sum ?? 0) + v;
        }
        return sum;
    }

    /// <summary>Samples every second until cancelled and returns the peak (null if no sample succeeded).</summary>
    public async Task<(double? Peak, string? Problem)> SamplePeakAsync(CancellationToken stop)
    {
        double? peak = null;
        string? problem = null;
        while (true)
        {
            try
            {
                var v = await ReadAsync(stop).ConfigureAwait(false);
                peak = Math.Max(peak ?? 0, v);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return (peak, problem); }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
            {
                problem = ex.Message;
            }
            try { await Task.Delay(1000, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { return (peak, problem); }
        }
    }
}
