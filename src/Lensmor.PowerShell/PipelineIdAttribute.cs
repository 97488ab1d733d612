using System.Collections;
using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell;

/// <summary>
/// On the id and name parameters that take pipeline input: an id is a string or a number, never the string form
/// of an arbitrary object (an Import-Csv row without the expected column would otherwise bind as "@{Name=Acme}"
/// and be sent, and on a paid cmdlet paid for, as a company name; a piped event would be looked up as a person).
/// Such input becomes a marked value that Core refuses per item with LensmorInvalidArgument, before any request,
/// and whose errors the cmdlet tells once per cause (ErrorDigest).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PipelineIdAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
            case string:
            case char:
            case byte or sbyte or short or ushort or int or uint or long or ulong or decimal or double or float:
                return inputData;
            case IList list:
                // -Id 1, 2, 3 arrives as one array: each element is judged alone.
                var items = new object?[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    items[i] = Transform(engineIntrinsics, list[i]);
                }

                return items;
            default:
                return new NotAnId(value, inputData);
        }
    }

    /// <summary>Converts to a string that InputValidation recognises and refuses with the object's type and text.</summary>
    private sealed class NotAnId
    {
        private readonly string text;

        public NotAnId(object value, object? original)
        {
            var typeName = original is PSObject pso && pso.TypeNames.Count > 0 ? pso.TypeNames[0] : value.GetType().FullName;
            text = InputValidation.RejectedObject(typeName ?? "object", (original ?? value).ToString() ?? string.Empty);
        }

        public override string ToString() => text;
    }
}
