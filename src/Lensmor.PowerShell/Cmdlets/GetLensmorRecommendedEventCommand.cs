using System.Management.Automation;
using Lensmor.Core.Operations;

namespace Lensmor.PowerShell.Cmdlets;

/// <summary>
/// Get-LensmorRecommendedEvent: applies a company profile and streams the recommended events
/// (POST /external/profile-matching/actions/apply-recommended-events/paged). Free; can take seconds a page.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LensmorRecommendedEvent", SupportsPaging = true)]
[OutputType(typeof(RecommendedEvent))]
public sealed class GetLensmorRecommendedEventCommand : LensmorCmdlet
{
    [Parameter(Position = 0)]
    [Alias("Website")]
    public string? CompanyUrl { get; set; }

    [Parameter]
    public string? TargetAudience { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CityCompleter))]
    public string? City { get; set; }

    [Parameter]
    public string? Region { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter]
    public string[]? Category { get; set; }

    [Parameter]
    public int[]? EventTypeId { get; set; }

    [Parameter]
    public DateTime? StartFrom { get; set; }

    [Parameter]
    public DateTime? StartTo { get; set; }

    [Parameter]
    public SwitchParameter Future { get; set; }

    [Parameter]
    public int? AttendeeCountMin { get; set; }

    [Parameter]
    public int? AttendeeCountMax { get; set; }

    [Parameter]
    public int? PageSize { get; set; }

    protected override void Process()
    {
        var filter = new RecommendedEventOperation.Filter
        {
            CompanyUrl = CompanyUrl, TargetAudience = TargetAudience, City = City, Region = Region, Country = Country, Category = Category,
            EventTypeId = EventTypeId, StartFrom = StartFrom, StartTo = StartTo, Future = Future.IsPresent,
            AttendeeCountMin = AttendeeCountMin, AttendeeCountMax = AttendeeCountMax,
        };
        Run(host => RecommendedEventOperation.ListAsync(Session, host, filter, Paging(PageSize)));
    }
}
