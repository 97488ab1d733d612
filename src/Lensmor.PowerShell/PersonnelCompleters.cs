namespace Lensmor.PowerShell;

public sealed class SourceTypeCompleter : ValuesCompleter
{
    public SourceTypeCompleter()
        : base(Core.Operations.PersonnelOperation.SourceTypes.ToArray())
    {
    }
}
