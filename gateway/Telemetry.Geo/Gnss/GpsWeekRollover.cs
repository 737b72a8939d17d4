namespace Telemetry.Geo.Gnss;

/// <summary>
/// GPS week-number rollover. The legacy navigation message carries a 10-bit week (IS-GPS-200, §20.3.3.3.1.1), so a
/// receiver whose firmware pivot has passed reports dates 1024 weeks (19.6 years) early, e.g. 2019-04-07 → 1999-08-22.
/// A date before a trusted lower bound (the build date, or the last time known good) is moved forward by whole
/// 1024-week cycles until it is not.
/// </summary>
public static class GpsWeekRollover
{
    /// <summary>One rollover period, 1024 weeks, in nanoseconds.</summary>
    public const long PeriodNs = 1024L * 7 * 86_400 * 1_000_000_000;

    /// <summary>
    /// Returns <paramref name="utcNs"/> moved forward by the fewest whole rollover periods that make it not earlier than
    /// <paramref name="notBeforeUtcNs"/> (at most 4 periods; dates further off are returned unchanged and are the caller's
    /// to reject). <paramref name="periods"/> says how many periods were added.
    /// </summary>
    public static long Correct(long utcNs, long notBeforeUtcNs, out int periods)
    {
        periods = 0;
        var corrected = utcNs;
        while (corrected < notBeforeUtcNs && periods < 4)
        {
            corrected += PeriodNs;
            periods++;
        }

        if (corrected < notBeforeUtcNs)
        {
            periods = 0;
            return utcNs;
        }

        return corrected;
    }
}
