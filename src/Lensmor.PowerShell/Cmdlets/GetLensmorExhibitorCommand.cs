using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorExhibitor: the exhibitors of one event (streamed page by page; a preview-limited list says so
/// once) or exhibitor profiles by id. Free.
/// </summary>
/// <remarks>
/// The default set is Id so that piped exhibitors (which carry ExhibitorId and EventId, and so fit both sets) are
/// read one by one rather than listing their event once per exhibitor. -Id has no position, so that
/// Get-LensmorExhibitor 139001 still lists event 139001.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "LensmorExhibitor", DefaultParameterSetName = IdSet, SupportsPaging = true)]
[OutputType(typeof(Exhibitor))]
public sealed class GetLensmorExhibitorCommand : LensmorCmdlet
{
    private PipedLists lists = null!;

    private const string ListSet = "List";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    public string EventId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ExhibitorId")]
    [PipelineId]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ListSet)]
    public string? Keyword { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public string[]? Category { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public string[]? Industry { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public string[]? JobTitle { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public string[]? ManagementLevel { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(DepartmentCompleter))]
    public string[]? Department { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public int? PersonnelLimit { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public int? PageSize { get; set; }

    /// <summary>How many piped events are read at once; their rows are still written in input order.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public int ThrottleLimit { get; set; } = 4;


    protected override void Process()
    {
        if (ParameterSetName == IdSet)
        {
            foreach (var id in Id)
            {
                Run(host => ExhibitorCatalogOperation.GetAsync(Session, host, id));
            }

            return;
        }

        var filter = new ExhibitorCatalogOperation.Filter
        {
            Keyword = Keyword, Country = Country, Category = Category, Industry = Industry, JobTitle = JobTitle,
            ManagementLevel = ManagementLevel, Department = Department, PersonnelLimit = PersonnelLimit,
        };
        lists.Add(ThrottleLimit, EventId, host => ExhibitorCatalogOperation.ListAsync(Session, host, EventId, filter, Paging(PageSize), lists.Preview));
    }

    protected override void Begin() => lists = new PipedLists(this, "exhibitors");

    protected override void End() => lists.Complete();
}
