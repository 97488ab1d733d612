using System.Management.Automation;
using Lensmor.Core.Errors;

namespace Lensmor.PowerShell;

internal static class ErrorRecords
{
    /// <summary>A LensmorException as an ErrorRecord: same ErrorId, category by name, target, and advice.</summary>
    public static ErrorRecord From(LensmorException error)
    {
        var category = Enum.TryParse<ErrorCategory>(error.Category.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
        return new ErrorRecord(error, error.ErrorId, category, error.TargetObject)
        {
            ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction },
        };
    }
}
