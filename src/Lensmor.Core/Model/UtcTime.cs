using System.Globalization;

namespace Lensmor;

/// <summary>
/// Every date and time on a Lensmor output object: a UTC instant (a receipt's CompletedAt, a balance's ResetAt)
/// or a calendar day (an event's DateStart). It compares, sorts and filters as a date in PowerShell, and prints as
/// ISO 8601 in every culture, so Export-Csv writes the same text in de-DE and en-US.
/// </summary>
/// <remarks>
/// Why not DateTimeOffset itself: Export-Csv (Windows PowerShell 5.1 and PowerShell 7) writes a value with its
/// culture-sensitive ToString(), so a DateTimeOffset becomes "3/15/2026 10:05:00 AM +00:00" in en-US and
/// "15.03.2026 10:05:00 +00:00" in de-DE. PowerShell's comparison operators and Sort-Object use IComparable after
/// converting the other operand to this type (through the implicit operators below or <see cref="Parse(string)"/>),
/// and [datetime]/[DateTimeOffset] casts use the explicit ones; the same rules hold in 5.1 and 7.
/// A calendar day compares with a time by its local clock, as [datetime]'2026-03-15' would.
/// </remarks>
public readonly struct UtcTime : IComparable, IComparable<UtcTime>, IEquatable<UtcTime>, IFormattable
{
    private const string DayFormat = "yyyy-MM-dd";
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private UtcTime(DateTimeOffset value, bool isDate)
    {
        Value = isDate ? new DateTimeOffset(value.Year, value.Month, value.Day, 0, 0, 0, TimeSpan.Zero) : value.ToUniversalTime();
        IsDate = isDate;
    }

    /// <summary>The time in UTC; for a calendar day, its midnight in UTC.</summary>
    public DateTimeOffset Value { get; }

    /// <summary>True for a calendar day (printed yyyy-MM-dd), false for an instant (printed yyyy-MM-ddTHH:mm:ssZ).</summary>
    public bool IsDate { get; }

    public DateTime UtcDateTime => Value.UtcDateTime;

    /// <summary>An instant on this machine's clock; a calendar day as that day (kind Unspecified).</summary>
    public DateTime LocalDateTime => IsDate ? DateTime.SpecifyKind(Value.DateTime, DateTimeKind.Unspecified) : Value.LocalDateTime;

    /// <summary>An instant (it prints to the second; it keeps and compares its full precision).</summary>
    public static UtcTime At(DateTimeOffset time) => new(time, isDate: false);

    public static UtcTime Day(int year, int month, int day) => new(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero), isDate: true);

    /// <summary>
    /// ISO 8601 text (what this type prints, what the API sends: "2026-03-15", "2026-03-15T10:05:00Z"). A date
    /// without a time is a calendar day; a time without an offset is taken for UTC. Culture never matters.
    /// </summary>
    public static UtcTime Parse(string text) =>
        TryParse(text, out var time) ? time : throw new FormatException($"'{text}' is not an ISO 8601 date or time such as 2026-03-15 or 2026-03-15T10:05:00Z.");

    /// <summary>PowerShell converts strings through this overload; the provider is ignored (ISO 8601 is culture-free).</summary>
    public static UtcTime Parse(string text, IFormatProvider? provider) => Parse(text);

    public static bool TryParse(string? text, out UtcTime time)
    {
        time = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        if (DateTime.TryParseExact(trimmed, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            time = Day(day.Year, day.Month, day.Day);
            return true;
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant))
        {
            time = new UtcTime(instant, isDate: false);
            return true;
        }

        return false;
    }

    /// <summary>A value as the API sent it: null when it is missing or not a date (the raw field is tolerated, not fatal).</summary>
    public static UtcTime? FromWire(string? text) => TryParse(text, out var time) ? time : null;

    public static implicit operator UtcTime(DateTimeOffset time) => new(time, isDate: false);

    /// <summary>A DateTime of kind Local or Unspecified is this machine's clock, as PowerShell's Get-Date is.</summary>
    public static implicit operator UtcTime(DateTime time) =>
        new(time.Kind == DateTimeKind.Utc ? new DateTimeOffset(time) : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Local)), isDate: false);

    public static explicit operator DateTimeOffset(UtcTime time) => time.Value;

    /// <summary>As [datetime]: an instant on this machine's clock (kind Local), a calendar day as that day.</summary>
    public static explicit operator DateTime(UtcTime time) => time.LocalDateTime;

    public int CompareTo(UtcTime other) =>
        IsDate == other.IsDate ? Value.CompareTo(other.Value) : LocalDateTime.CompareTo(other.LocalDateTime);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UtcTime time => CompareTo(time),
        DateTimeOffset time => CompareTo((UtcTime)time),
        DateTime time => CompareTo((UtcTime)time),
        string text => CompareTo(Parse(text)),
        _ => throw new ArgumentException($"A {obj.GetType().Name} does not compare with a date.", nameof(obj)),
    };

    public bool Equals(UtcTime other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is UtcTime time && Equals(time);

    public override int GetHashCode() => LocalDateTime.Ticks.GetHashCode();

    public static bool operator ==(UtcTime left, UtcTime right) => left.Equals(right);

    public static bool operator !=(UtcTime left, UtcTime right) => !left.Equals(right);

    public static bool operator <(UtcTime left, UtcTime right) => left.CompareTo(right) < 0;

    public static bool operator >(UtcTime left, UtcTime right) => left.CompareTo(right) > 0;

    public static bool operator <=(UtcTime left, UtcTime right) => left.CompareTo(right) <= 0;

    public static bool operator >=(UtcTime left, UtcTime right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// How long from one to the other, as [datetime] subtracts: `$plan.ExpiresAt - (Get-Date)` is a TimeSpan
    /// (PowerShell converts the DateTime through the implicit operator). A day and an instant meet on this
    /// machine's clock, as they compare.
    /// </summary>
    public static TimeSpan operator -(UtcTime left, UtcTime right) =>
        left.IsDate == right.IsDate ? left.Value - right.Value : left.LocalDateTime - right.LocalDateTime;

    /// <summary>ISO 8601, the same in every culture: yyyy-MM-dd for a day, yyyy-MM-ddTHH:mm:ssZ for an instant.</summary>
    public override string ToString() => Value.ToString(IsDate ? DayFormat : InstantFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A .NET date format ($e.DateStart.ToString('dd MMM yyyy'), "{0:dd MMM yyyy}" -f $e.DateStart) applied to the
    /// UTC clock (an instant) or the day; no format prints ISO 8601. The views use it.
    /// </summary>
    public string ToString(string? format) => ToString(format, CultureInfo.InvariantCulture);

    /// <inheritdoc cref="ToString(string?)"/>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        string.IsNullOrEmpty(format) ? ToString() : Value.UtcDateTime.ToString(format, formatProvider ?? CultureInfo.InvariantCulture);
}
