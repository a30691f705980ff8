namespace Readiness.Core.Running;

/// <summary>
/// The one Boolean a Test- cmdlet's -Quiet returns: something was checked and nothing Failed or could not run (Error).
/// Warnings, Skipped and Manual items do not make it false; the full results say why they are there. An item that
/// was not run because nobody confirmed it (-WhatIf, a "No") does: $true would vouch for something never tested.
/// </summary>
public static class ResultVerdict
{
    public static bool Acceptable(IEnumerable<CheckResult> results)
    {
        var any = false;
        foreach (var r in results)
        {
            any = true;
            if (r.Status is CheckStatus.Failed or CheckStatus.Error || NotConfirmed.Is(r)) return false;
        }
        return any;
    }
}
