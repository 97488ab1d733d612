using Lensmor.Engine.Tests.Harness;

namespace Lensmor.Engine.Tests;

/// <summary>
/// Dates as PowerShell uses them (issue 16.2): Where-Object and Sort-Object treat them as dates, casts give
/// [datetime] and [DateTimeOffset], and Export-Csv writes the same text in de-DE and en-US. The type itself
/// (Lensmor.UtcTime) is held by tests/Lensmor.Core.Tests/UtcTimeTests.cs.
/// </summary>
public sealed class DateTests
{
    [Fact]
    public async Task Where_Object_and_Sort_Object_treat_event_dates_as_dates()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("""
            $events = Get-LensmorEvent -First 100
            $limit = (Get-Date).AddDays(10)
            @($events | Where-Object DateStart -lt $limit).Count
            @($events | Where-Object { [datetime]"$($_.DateStart)" -lt $limit }).Count
            @($events | Where-Object DateStart -ge '2000-01-01').Count
            @($events | Where-Object { $_.DateEnd -ge $_.DateStart }).Count
            ($events | Sort-Object DateStart -Descending | Select-Object -First 1).EventId
            ($events | Sort-Object { [datetime]"$($_.DateStart)" } -Descending | Select-Object -First 1).EventId
            $events[0].DateStart -is [Lensmor.UtcTime]
            ([datetime]$events[0].DateStart).ToString('yyyy-MM-dd') -eq "$($events[0].DateStart)"
            ((Get-Date $events[0].DateStart) - (Get-Date).Date).Days -ge 0
            ($events[0].DateEnd - (Get-Date)) -is [timespan]
            ($events[0].DateEnd - $events[0].DateStart).Days -ge 0
            """).ThrowOnError();

        var values = run.Output.Select(o => o.BaseObject).ToList();
        var soon = (int)values[0];
        Assert.True(soon > 0 && soon < 100, $"{soon} of 100 events start within 10 days; the sandbox spreads them over a year.");
        Assert.Equal(values[1], values[0]);
        Assert.Equal(100, values[2]);
        Assert.Equal(100, values[3]);
        Assert.Equal(values[5], values[4]);
        Assert.Equal(new object[] { true, true, true, true, true }, values.Skip(6));
    }

    [Fact]
    public async Task Export_Csv_writes_the_same_text_in_de_DE_and_en_US()
    {
        await using var engine = await EngineSession.StartAsync();
        var run = engine.Run("""
            $rows = @(
                Get-LensmorEvent -First 2
                Get-LensmorEventBrief -EventId 139001
                Get-LensmorBalance
                Unlock-LensmorEvent -Id 139004 -Force
                Search-LensmorExhibitorEvents -CompanyName Acme -PageSize 2 -Force
                Get-LensmorSpendLog
                Get-LensmorPersonnel -EventId 139185 -First 2 | Unlock-LensmorContactEmail -NoWait -Force
            )
            $control = [pscustomobject]@{ When = [DateTimeOffset]::new(2026, 11, 30, 10, 5, 0, [TimeSpan]::Zero) }
            $saved = [cultureinfo]::CurrentCulture
            try {
                foreach ($culture in 'de-DE', 'en-US') {
                    [cultureinfo]::CurrentCulture = $culture
                    $text = foreach ($group in $rows | Group-Object { $_.GetType().FullName }) {
                        $file = [System.IO.Path]::GetTempFileName()
                        $group.Group | Export-Csv -Path $file
                        Get-Content -Raw $file
                        Remove-Item $file
                    }
                    $text -join "`n"
                    ($control | ConvertTo-Csv) -join "`n"
                }
            }
            finally { [cultureinfo]::CurrentCulture = $saved }
            ($rows | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique) -join ','
            """).ThrowOnError();

        var texts = run.Output.Select(o => (string)o.BaseObject).ToList();
        var (german, germanControl, american, americanControl, types) = (texts[0], texts[1], texts[2], texts[3], texts[4]);
        Assert.NotEqual(germanControl, americanControl);   // a DateTimeOffset would differ: the culture did switch
        Assert.Equal(american, german);
        foreach (var type in new[] { "Lensmor.Event", "Lensmor.EventBrief", "Lensmor.Balance", "Lensmor.EventUnlockReceipt", "Lensmor.ExhibitorEventMatch", "Lensmor.SpendRecord", "Lensmor.ContactUnlockTask" })
            Assert.Contains(type, types);
        Assert.Matches(@"""\d{4}-\d\d-\d\d""", german);                       // event days
        Assert.Matches(@"""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""", german);       // instants
    }

    /// <summary>The views format times themselves (yyyy-MM-dd HH:mm, UTC): through UtcTime.ToString(format), which PowerShell calls with one argument.</summary>
    [Fact]
    public async Task Views_print_the_times_they_show()
    {
        await using var engine = await EngineSession.StartAsync(width: 80);
        var run = engine.Run("""
            Unlock-LensmorEvent -Id 139003 -Force | Out-Null
            Get-LensmorSpendLog | Out-String -Width 80
            Get-LensmorBalance | Out-String -Width 80
            Get-LensmorPersonnel -EventId 139185 -First 2 -WarningAction SilentlyContinue | Unlock-LensmorContactEmail -NoWait -Force | Where-Object { $_ -is [Lensmor.ContactUnlockTask] } | Format-Table -View Lensmor.ContactUnlockTask.Table | Out-String -Width 80
            """).ThrowOnError();

        var stamp = @"\d{4}-\d\d-\d\d \d\d:\d\d";
        Assert.Matches($"(?m)^{stamp} Unlock-LensmorEvent", run.Output[0].ToString());
        Assert.Matches($"(?m)^\\s*28,050 .*{stamp}", run.Output[1].ToString());
        Assert.Matches($"(?m) {stamp}\\s*$", run.Output[2].ToString());
    }
}
