using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorRecommendedExhibitor: the exhibitors of one event recommended for the caller's profile
/// (GET /external/profile-matching/recommendations/exhibitors), streamed. Free.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorRecommendedExhibitor", SupportsPaging = true)]
[OutputType(typeof(RecommendedExhibitor))]
public sealed class GetLensmorRecommendedExhibitorCommand : LensmorCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EventIdCompleter))]
    [PipelineId]
    public string[] EventId { get; set; } = Array.Empty<string>();

    [Parameter]
    public string[]? Location { get; set; }

    [Parameter]
    public string? SearchQuery { get; set; }

    [Parameter]
    public string[]? ExhibitorName { get; set; }

    [Parameter]
    public string[]? Category { get; set; }

    [Parameter]
    public string[]? Industry { get; set; }

    [Parameter]
    public int? EmployeesMin { get; set; }

    [Parameter]
    public int? EmployeesMax { get; set; }

    [Parameter]
    public int? PageSize { get; set; }

    protected override void Process()
    {
        var filter = new RecommendedExhibitorOperation.Filter
        {
            Location = Location, SearchQuery = SearchQuery, ExhibitorName = ExhibitorName, Category = Category, Industry = Industry,
            EmployeesMin = EmployeesMin, EmployeesMax = EmployeesMax,
        };
        foreach (var id in EventId)
        {
            Run(host => RecommendedExhibitorOperation.ListAsync(Session, host, id, filter, Paging(PageSize)));
        }
    }
}
