using System.Globalization;
using Lensmor.Core.Model.Wire;

namespace Lensmor.Core.Tests;

/// <summary>
/// UtcTime, the one representation of output times: ISO 8601 text in every culture, and comparisons that work
/// against what PowerShell hands it (DateTime from Get-Date, DateTimeOffset, strings). How PowerShell itself uses it
/// (Where-Object, Sort-Object, Export-Csv in de-DE and en-US) is held by tests/Lensmor.Engine.Tests/DateTests.cs.
/// </summary>
public class UtcTimeTests
{
    [Fact]
    public void Text_is_ISO_8601_in_every_culture_where_DateTimeOffset_text_is_not()
    {
        var time = new DateTimeOffset(2026, 11, 30, 10, 5, 0, TimeSpan.Zero);
        var saved = CultureInfo.CurrentCulture;
        var plain = new HashSet<string>();
        try
        {
            foreach (var culture in new[] { "en-US", "de-DE", "ja-JP", "ar-SA" })
            {
                CultureInfo.CurrentCulture = new CultureInfo(culture);
                Assert.Equal("2026-03-15", UtcTime.Day(2026, 3, 15).ToString());
                Assert.Equal("2026-11-30T10:05:00Z", UtcTime.At(time.ToOffset(TimeSpan.FromHours(1))).ToString());
                Assert.Equal("2026-11-30T10:05:00Z", string.Format(CultureInfo.CurrentCulture, "{0}", UtcTime.At(time)));
                plain.Add(time.ToString());
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        // The control: the representation UtcTime replaces reads differently in these cultures.
        Assert.True(plain.Count > 1, "DateTimeOffset.ToString() gave one text in every culture; the test would not see a culture leak.");
    }

    [Fact]
    public void Subtracting_gives_how_long_between_two_times_as_DateTime_does()
    {
        var expires = UtcTime.At(new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(3), expires - UtcTime.At(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromDays(-2), UtcTime.Day(2026, 3, 13) - UtcTime.Day(2026, 3, 15));

        // A day and an instant meet on this machine's clock, as they compare.
        var noonLocal = new DateTime(2026, 3, 15, 12, 0, 0, DateTimeKind.Local);
        Assert.Equal(TimeSpan.FromHours(12), (UtcTime)noonLocal - UtcTime.Day(2026, 3, 15));
    }

    [Fact]
    public void Parse_reads_what_it_prints_and_what_the_API_sends()
    {
        var day = UtcTime.Parse("2026-03-15");
        Assert.True(day.IsDate);
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero), day.Value);

        var instant = UtcTime.Parse("2026-03-15T10:05:00Z");
        Assert.False(instant.IsDate);
        Assert.Equal(instant, UtcTime.Parse(instant.ToString()));
        Assert.Equal(TimeSpan.Zero, UtcTime.Parse("2026-03-15T12:05:00+02:00").Value.Offset);
        Assert.Equal(instant, UtcTime.Parse("2026-03-15T12:05:00+02:00"));
        Assert.Equal(instant, UtcTime.Parse("2026-03-15T10:05:00"));   // no offset: UTC, not this machine's zone

        Assert.Throws<FormatException>(() => UtcTime.Parse("next Tuesday"));
        Assert.Null(UtcTime.FromWire("next Tuesday"));
        Assert.Null(UtcTime.FromWire(null));
        Assert.Null(UtcTime.FromWire(""));
    }

    [Fact]
    public void Times_compare_as_instants_and_days_as_days()
    {
        var earlier = UtcTime.At(new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero));
        var later = UtcTime.At(new DateTimeOffset(2026, 3, 15, 11, 0, 0, TimeSpan.FromHours(0.5)));
        Assert.True(earlier < later);
        Assert.True(UtcTime.Day(2026, 3, 14) < UtcTime.Day(2026, 3, 15));

        var sorted = new[] { UtcTime.Day(2027, 1, 2), UtcTime.Day(2026, 12, 31), UtcTime.Day(2027, 1, 1) }.OrderBy(t => t).Select(t => t.ToString());
        Assert.Equal(new[] { "2026-12-31", "2027-01-01", "2027-01-02" }, sorted);
    }

    /// <summary>What PowerShell's -lt, -gt and Sort-Object call, with the other operand as PowerShell passes it.</summary>
    [Fact]
    public void CompareTo_takes_DateTime_DateTimeOffset_and_text_as_PowerShell_passes_them()
    {
        IComparable day = UtcTime.Day(2026, 3, 15);

        // A day compares with a local time by the clock, as [datetime]'2026-03-15' does.
        Assert.True(day.CompareTo(new DateTime(2026, 3, 14, 23, 59, 0, DateTimeKind.Local)) > 0);
        Assert.True(day.CompareTo(new DateTime(2026, 3, 15, 0, 1, 0, DateTimeKind.Local)) < 0);
        Assert.True(day.CompareTo("2026-03-16") < 0);
        Assert.True(day.CompareTo(null) > 0);

        IComparable instant = UtcTime.At(new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, instant.CompareTo(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.FromHours(2))));
        Assert.True(instant.CompareTo(new DateTime(2026, 3, 15, 9, 59, 0, DateTimeKind.Utc)) > 0);
        Assert.Equal(0, instant.CompareTo(new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero).LocalDateTime));
        Assert.Throws<ArgumentException>(() => instant.CompareTo(42));
    }

    [Fact]
    public void Casts_give_the_dates_PowerShell_users_expect()
    {
        var instant = UtcTime.At(new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero), (DateTimeOffset)instant);
        Assert.Equal(DateTimeKind.Local, ((DateTime)instant).Kind);
        Assert.Equal(instant.Value.LocalDateTime, (DateTime)instant);

        // A day stays that day whatever this machine's time zone is.
        Assert.Equal(new DateTime(2026, 3, 15), (DateTime)UtcTime.Day(2026, 3, 15));
        Assert.Equal("15 Mar 2026", UtcTime.Day(2026, 3, 15).ToString("dd MMM yyyy", CultureInfo.InvariantCulture));
        Assert.Equal("2026-03-15 10:00", instant.ToString("yyyy-MM-dd HH:mm", CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal("2026-03-15 10:00", instant.ToString("yyyy-MM-dd HH:mm"));   // the overload the views call
    }

    [Fact]
    public void Event_dates_are_read_as_days_and_a_date_in_an_unknown_shape_does_not_fail_the_page()
    {
        var page = Http.LensmorJson.Deserialize<PageDto<EventItemDto>>(
            "{\"items\":[{\"eventId\":\"1\",\"dateStart\":\"2026-03-15\",\"dateEnd\":\"2026-03-18\"}," +
            "{\"eventId\":\"2\",\"dateStart\":\"sometime in spring\",\"dateEnd\":20260318}," +
            "{\"eventId\":\"3\",\"dateStart\":null}]}")!;

        var events = page.Items!.Select(Event.From).ToList();

        Assert.Equal("2026-03-15", events[0].DateStart.ToString());
        Assert.True(events[0].DateStart!.Value.IsDate);
        Assert.Equal("2026-03-18", events[0].DateEnd.ToString());
        Assert.Null(events[1].DateStart);
        Assert.Null(events[1].DateEnd);
        Assert.Null(events[2].DateStart);
    }

    [Fact]
    public void Millisecond_and_ISO_timestamps_both_become_utc_instants()
    {
        var dto = Http.LensmorJson.Deserialize<ContactItemDto>(
            "{\"id\":\"7\",\"linkedinActivity\":{\"activityLevel\":\"ACTIVE\",\"latestPostAt\":\"1785542400000\"}}")!;
        Assert.Equal("2026-08-01T00:00:00Z", Personnel.From(dto, "1").LatestPostAt.ToString());

        dto.LinkedinActivity!.LatestPostAt = "2026-08-01T02:00:00+02:00";
        Assert.Equal("2026-08-01T00:00:00Z", Personnel.From(dto, "1").LatestPostAt.ToString());
    }
}
