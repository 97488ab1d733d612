using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>Get-LensmorEvent: searches the event catalogue (streamed page by page) or reads events by id. Free.</summary>
[Cmdlet(VerbsCommon.Get, "LensmorEvent", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(Event))]
public sealed class GetLensmorEventCommand : LensmorCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("EventId")]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    [PipelineId]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>Named only, so that Get-LensmorEvent 139001 reads event 139001 rather than searching for it.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public string? Keyword { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(CityCompleter))]
    public string? City { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public DateTime? StartFrom { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public DateTime? StartTo { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(EventTypeCompleter))]
    public string[]? EventType { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(QualityCompleter))]
    public string[]? Quality { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public int? PageSize { get; set; }

    protected override void Process()
    {
        if (ParameterSetName == IdSet)
        {
            foreach (var id in Id)
            {
                Run(host => EventCatalogOperation.GetAsync(Session, host, id));
            }

            return;
        }

        var filter = new EventCatalogOperation.Filter
        {
            Keyword = Keyword, Country = Country, City = City, StartFrom = StartFrom, StartTo = StartTo, EventType = EventType, Quality = Quality,
        };
        Run(host => EventCatalogOperation.ListAsync(Session, host, filter, Paging(PageSize)));
    }
}
