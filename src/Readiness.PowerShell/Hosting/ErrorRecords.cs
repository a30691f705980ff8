using System.Management.Automation;
using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.PowerShell.Hosting;

/// <summary>
/// Maps engine exceptions to PowerShell's error vocabulary: a stable error id and a category per kind of problem,
/// so scripts can catch them by FullyQualifiedErrorId and `$Error[0].CategoryInfo` reads right.
/// </summary>
public static class ErrorRecords
{
    /// <summary>
    /// Configuration errors stop the whole command (a bad checklist, nothing selected, an undefined variable):
    /// running half a checklist would produce a misleading decision. Null when the exception is not one of them.
    /// </summary>
    public static ErrorRecord? Configuration(Exception exception, object? target) => exception switch
    {
        ChecklistException => new ErrorRecord(exception, "ChecklistInvalid", ErrorCategory.InvalidData, target),
        ChecklistSelectionException => new ErrorRecord(exception, "ChecklistSelectionEmpty", ErrorCategory.InvalidArgument, target),
        CheckParameterException => new ErrorRecord(exception, "CheckParameterInvalid", ErrorCategory.InvalidArgument, target),
        FileNotFoundException => new ErrorRecord(exception, "PathNotFound", ErrorCategory.ObjectNotFound, target),
        DirectoryNotFoundException => new ErrorRecord(exception, "PathNotFound", ErrorCategory.ObjectNotFound, target),
        InvalidDataException => new ErrorRecord(exception, "InvalidData", ErrorCategory.InvalidData, target),
        ArgumentException => new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, target),
        _ => null,
    };

    /// <summary>
    /// What engine work that failed outside a check (which would have become an Error result) means to a pwsh user:
    /// a configuration problem, or the target could not be reached. Null for anything else, which is a defect and
    /// should surface with its stack.
    /// </summary>
    public static ErrorRecord? Engine(Exception exception, object? target) => Configuration(exception, target) ?? exception switch
    {
        System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException
            => new ErrorRecord(exception, "ConnectionFailed", ErrorCategory.ConnectionError, target),
        TimeoutException => new ErrorRecord(exception, "Timeout", ErrorCategory.OperationTimeout, target),
        UnauthorizedAccessException => new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target),
        _ => null,
    };

    /// <summary>A problem with one pipeline item; the command goes on with the next one.</summary>
    public static ErrorRecord Item(Exception exception, object? target) => exception switch
    {
        ChecklistSelectionException => new ErrorRecord(exception, "ItemNotFound", ErrorCategory.ObjectNotFound, target),
        UnauthorizedAccessException => new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target),
        InvalidDataException => new ErrorRecord(exception, "EvidenceTampered", ErrorCategory.SecurityError, target),
        IOException => new ErrorRecord(exception, "WriteFailed", ErrorCategory.WriteError, target),
        ArgumentException => new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, target),
        _ => new ErrorRecord(exception, "ItemFailed", ErrorCategory.NotSpecified, target),
    };
}
