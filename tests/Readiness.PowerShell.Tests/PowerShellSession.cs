using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// One in-process runspace (pwsh 7.6 through Microsoft.PowerShell.SDK) with out/Readiness/Readiness.psd1 imported,
/// shared by the tests of <see cref="PowerShellCollection"/>, so binding, conversion and formatting are pwsh's own.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;
    private readonly object _gate = new();

    public PowerShellSession()
    {
        // Another module's YamlDotNet (this project's 15.3.0) is loaded before ours, the harder order for isolation.
        _ = new YamlDotNet.Serialization.DeserializerBuilder().Build();
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ModuleLayout.ManifestPath);
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>
    /// Runs <paramref name="script"/> in its own scope, so one test's variables never reach the next; values for its
    /// <c>param()</c> block come from <paramref name="parameters"/>. A terminating error is returned, not thrown.
    /// </summary>
    public PowerShellRun Run(string script, IDictionary<string, object?>? parameters = null)
    {
        lock (_gate)
        {
            using var shell = System.Management.Automation.PowerShell.Create();
            shell.Runspace = _runspace;
            shell.AddScript(script, useLocalScope: true);
            if (parameters is not null) shell.AddParameters((System.Collections.IDictionary)new Dictionary<string, object?>(parameters));
            try
            {
                var output = shell.Invoke();
                return new PowerShellRun(output.ToList(), shell.Streams.Error.ToList());
            }
            catch (RuntimeException ex)
            {
                return new PowerShellRun(Array.Empty<PSObject>(), shell.Streams.Error.Append(ex.ErrorRecord).ToList());
            }
        }
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed record PowerShellRun(IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors)
{
    /// <summary>The output, after asserting that nothing was written to the error stream.</summary>
    public IReadOnlyList<PSObject> Succeeded()
    {
        Assert.True(Errors.Count == 0, "pwsh wrote errors:\n" + string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return Output;
    }

    /// <summary>The one object written, unwrapped.</summary>
    public T Single<T>() => Assert.IsAssignableFrom<T>(Assert.Single(Succeeded()).BaseObject);
}

[CollectionDefinition(Name)]
public sealed class PowerShellCollection : ICollectionFixture<PowerShellSession>
{
    public const string Name = "pwsh";
}
