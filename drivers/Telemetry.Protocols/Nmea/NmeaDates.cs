namespace Telemetry.Protocols.Nmea;

/// <summary>
/// The two date hazards of NMEA, handled explicitly (documented in docs/protocols/nmea.md):
/// two-digit years and the GPS week-number rollover.
/// </summary>
public static class NmeaDates
{
    /// <summary>Days in 1024 GPS weeks: the period after which a 10-bit week number wraps (19.6 years).</summary>
    public const int RolloverDays = 1024 * 7;

    /// <summary>
    /// Two-digit years (RMC <c>ddmmyy</c>): 80–99 are 1980–1999 and 00–79 are 2000–2079. GPS time starts on
    /// 1980-01-06, so no GNSS date can precede 1980; the window runs out in 2080, far past this gateway's life.
    /// </summary>
    public static int ExpandTwoDigitYear(int twoDigitYear) => twoDigitYear >= 80 ? 1900 + twoDigitYear : 2000 + twoDigitYear;

    /// <summary>
    /// Undoes a GPS week-number rollover: receivers whose firmware predates a rollover (1999-08-22, 2019-04-07)
    /// report dates 1024 weeks too early. A date before <paramref name="notBefore"/> (e.g. the software's build
    /// date, or a date known from another clock) is moved forward in 1024-week steps until it is not.
    /// Decoders report the date as received; callers that know a floor apply this.
    /// </summary>
    public static DateOnly CorrectWeekRollover(DateOnly date, DateOnly notBefore)
    {
        while (date < notBefore && date.DayNumber + RolloverDays <= DateOnly.MaxValue.DayNumber)
        {
            date = date.AddDays(RolloverDays);
        }

        return date;
    }

    internal static bool TryCreate(int year, int month, int day, out DateOnly? date)
    {
        date = null;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }
}
