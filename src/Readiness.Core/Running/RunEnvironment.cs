namespace Readiness.Core.Running;

/// <summary>Per-run services shared by every check: environment variables, secrets to redact, timeout, host.</summary>
public sealed class RunEnvironment
{
    public RunEnvironment(string baseDirectory, IReadOnlyDictionary<string, string>? variables = null,
        Func<string, string?>? environmentLookup = null)
    {
        BaseDirectory = baseDirectory;
        Variables = variables ?? new Dictionary<string, string>();
        GetEnvironmentVariable = environmentLookup ?? System.Environment.GetEnvironmentVariable;
    }

    public string BaseDirectory { get; }
    public IReadOnlyDictionary<string, string> Variables { get; }
    /// <summary>Process environment by default; tests and profiles substitute their own.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; }
    public SecretRegistry Secrets { get; } = new();
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(ChecklistSettings.DefaultTimeoutSeconds);
    public IReadinessHost Host { get; init; } = NullHost.Instance;
    /// <summary>The most any check reads of one HTTP response body.</summary>
    public long MaxResponseBytes { get; init; } = Probing.ResponseBody.DefaultLimitBytes;
    /// <summary>The run's clock: checks that judge age (docs freshness, backups, audit events) read it, so a run can be pinned.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Latest attestation per item id, read from the evidence file.</summary>
    public IReadOnlyDictionary<string, Attestation> Attestations { get; init; } = new Dictionary<string, Attestation>();
}
