using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorPersonnel: the people of an event (streamed page by page; a locked event shows a preview),
/// one person by id, or one person by LinkedIn URL. Free.
/// </summary>
/// <remarks>
/// The default set is Id so that piped people (which carry PersonnelId and EventId, and so fit both sets) are read
/// one by one rather than listing their whole event once per person; an event (EventId only), an exhibitor row or
/// a string still selects the list, and so does a value given by position.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "LensmorPersonnel", DefaultParameterSetName = IdSet, SupportsPaging = true)]
[OutputType(typeof(Personnel))]
public sealed class GetLensmorPersonnelCommand : LensmorCmdlet
{
    private PipedLists lists = null!;

    private const string ListSet = "List";
    private const string IdSet = "Id";
    private const string LinkedInSet = "LinkedIn";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ListSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    [PipelineId]
    public string EventId { get; set; } = string.Empty;

    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    public string? ExhibitorId { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(DepartmentCompleter))]
    public string? Department { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(LevelCompleter))]
    public string? Level { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public string? SearchQuery { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(SourceTypeCompleter))]
    public string? SourceType { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public int? PageSize { get; set; }

    /// <summary>How many piped events are read at once; their rows are still written in input order.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public int ThrottleLimit { get; set; } = 4;

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PersonnelId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LinkedInSet)]
    public string LinkedInUrl { get; set; } = string.Empty;


    protected override void Process()
    {
        switch (ParameterSetName)
        {
            case IdSet:
                foreach (var id in Id)
                {
                    Run(host => PersonnelOperation.GetAsync(Session, host, id));
                }

                return;
            case LinkedInSet:
                Run(host => PersonnelOperation.GetByLinkedInAsync(Session, host, LinkedInUrl));
                return;
            default:
                var filter = new PersonnelOperation.Filter
                {
                    EventId = EventId, ExhibitorId = ExhibitorId, Department = Department, Level = Level, SearchQuery = SearchQuery, SourceType = SourceType,
                };
                lists.Add(ThrottleLimit, EventId, host => PersonnelOperation.ListAsync(Session, host, filter, Paging(PageSize), lists.Preview));
                return;
        }
    }

    protected override void Begin() => lists = new PipedLists(this, "people");

    protected override void End() => lists.Complete();
}
