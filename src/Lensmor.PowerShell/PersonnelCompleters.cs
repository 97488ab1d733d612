namespace Lensmor.PowerShell;

public sealed class SourceTypeCompleter : ValuesCompleter
{
    public SourceTypeCompleter()
        : base("exhibitor", "social", "visitors")
    {
    }
}

public sealed class OutreachChannelCompleter : ValuesCompleter
{
    public OutreachChannelCompleter()
        : base("email", "linkedin_message")
    {
    }
}
