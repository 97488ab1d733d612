namespace Lensmor.Core.Errors;

/// <summary>
/// Mirrors the names of System.Management.Automation.ErrorCategory so that Core stays free of any
/// PowerShell reference; the module maps by name.
/// </summary>
public enum LensmorErrorCategory
{
    InvalidArgument,
    AuthenticationError,
    QuotaExceeded,
    ObjectNotFound,
    ResourceBusy,
    LimitsExceeded,
    ConnectionError,
    OperationTimeout,
    PermissionDenied,
    InvalidOperation,
    InvalidData,
    OperationStopped,
    WriteError,
}
