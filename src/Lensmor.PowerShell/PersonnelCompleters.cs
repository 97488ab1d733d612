namespace Lensmor.PowerShell;

public sealed class SourceTypeCompleter : ValuesCompleter
{
    public SourceTypeCompleter()
        : base(Core.Operations.PersonnelOperation.SourceTypes.ToArray())
    {
    }
}

public sealed class OutreachChannelCompleter : ValuesCompleter
{
    public OutreachChannelCompleter()
        : base(Core.Operations.Paid.OutreachMessageOperation.KnownChannels.ToArray())
    {
    }
}
