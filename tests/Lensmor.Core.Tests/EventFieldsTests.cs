using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Tests;

/// <summary>Event, RecommendedEvent and EventBrief share one mapping of the API's event fields (EventFields.Fill).</summary>
public class EventFieldsTests
{
    private const string Item =
        "\"id\":\"9\",\"eventId\":\"139001\",\"name\":\"CES 2027\",\"nickname\":\"CES\",\"description\":\"d\",\"url\":\"https://e.example\"," +
        "\"dateStart\":\"2027-01-06\",\"dateEnd\":\"2027-01-09\",\"venue\":\"LVCC\",\"city\":\"Las Vegas\",\"region\":\"Nevada\",\"country\":\"United States\"," +
        "\"exhibitorCount\":83,\"hasVisitors\":true,\"sponsorMatchStarred\":1,\"dataSource\":\"sandbox\",\"attendeeCount\":1200," +
        "\"personnelCount\":415,\"eventType\":\"expo_led\"";

    [Fact]
    public void Every_event_field_reads_the_same_on_an_event_a_recommendation_and_a_brief()
    {
        var plain = Event.From(Http.LensmorJson.Deserialize<EventItemDto>("{" + Item + "}")!);
        var recommended = RecommendedEvent.From(Http.LensmorJson.Deserialize<RecommendedEventItemDto>("{" + Item + ",\"match_score\":0.8}")!, 3, false);
        var brief = EventBrief.From(Http.LensmorJson.Deserialize<EventBriefDto>("{\"event\":{" + Item + "},\"summary\":{\"topCategories\":[\"IoT\"]}}")!, "139001");

        var fields = typeof(EventFields).GetProperties();
        Assert.True(fields.Length >= 18, "EventFields holds the event's fields.");
        foreach (var field in fields)
        {
            var expected = field.GetValue(plain);
            Assert.True(expected != null, $"The sample leaves {field.Name} empty, so the test could not see it mapped.");
            Assert.Equal(expected, field.GetValue(recommended));
            Assert.Equal(expected, field.GetValue(brief));
        }

        Assert.Equal(0.8m, recommended.MatchScore);
        Assert.Equal("IoT", brief.TopCategories);
    }

    [Fact]
    public void A_brief_prefers_its_summarys_counts_and_its_requested_id()
    {
        var brief = EventBrief.From(Http.LensmorJson.Deserialize<EventBriefDto>(
            "{\"event\":{\"name\":\"x\",\"exhibitorCount\":83,\"attendeeCount\":1},\"summary\":{\"exhibitorCount\":90}}")!, "139001");

        Assert.Equal("139001", brief.EventId);
        Assert.Equal(90, brief.ExhibitorCount);
        Assert.Equal(1, brief.AttendeeCount);
    }
}
