using System.Globalization;
using Lensmor.Core.Errors;
using Lensmor.Core.Hosting;

namespace Lensmor.Rehearsal;

/// <summary>Prints what a PowerShell console would show, and answers confirmations as told.</summary>
internal sealed class ConsolePipeline : IPipelineHost
{
    private readonly TextWriter output;
    private readonly bool answer;

    public ConsolePipeline(TextWriter output, bool whatIf, bool answer)
    {
        this.output = output;
        IsWhatIf = whatIf;
        this.answer = answer;
    }

    public bool IsWhatIf { get; }
    public bool IsDebugEnabled => false;
    public List<object> Objects { get; } = new();

    public bool ShouldProcess(string target, string action)
    {
        if (IsWhatIf)
        {
            output.WriteLine($"What if: Performing the operation \"{action}\" on target \"{target}\".");
            return false;
        }

        output.WriteLine($"Confirm: {action} on {target}? [Y] Yes  [N] No -> {(answer ? "Y" : "N")}");
        return answer;
    }

    public void WriteObject(object item)
    {
        Objects.Add(item);
        output.WriteLine();
        foreach (var property in item.GetType().GetProperties())
        {
            var value = property.GetValue(item);
            output.WriteLine($"{property.Name,-22}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");
        }
    }

    public void WriteError(LensmorException error) => output.WriteLine($"ERROR [{error.ErrorId}] {error.Message}\n  -> {error.RecommendedAction}");
    public void WriteVerbose(string message) { }
    public void WriteDebug(string message) { }
    public void WriteWarning(string message) => output.WriteLine("WARNING: " + message);
    public void WriteInformation(object data, string[] tags) => output.WriteLine(data.ToString());
    public void WriteHostLine(string message) => output.WriteLine(message);
    public void WriteProgress(LensmorProgress progress) { }
    public void WriteTotalCount(long total) => output.WriteLine($"Total count: {total}");
}
