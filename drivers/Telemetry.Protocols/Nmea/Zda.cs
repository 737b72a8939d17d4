namespace Telemetry.Protocols.Nmea;

/// <summary>ZDA: UTC time and full date (four-digit year, so no century guess is needed).</summary>
public readonly record struct ZdaData
{
    /// <summary>UTC time of day.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>UTC date; absent unless day, month and year are all present.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>Local zone hours (−13…+13), as sent; UTC values do not depend on it.</summary>
    public int? LocalZoneHours { get; init; }

    /// <summary>Local zone minutes, same sign as the hours.</summary>
    public int? LocalZoneMinutes { get; init; }
}

public ref partial struct NmeaReader
{
    /// <summary>Decodes the fields of a ZDA sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 ZDA: <c>hhmmss.ss,xx,xx,xxxx,xx,xx</c>.</remarks>
    public bool TryReadZda(out ZdaData data)
    {
        data = default;
        if (!TryReadTime(out var time) || !TryReadInt(out var day) || !TryReadInt(out var month) || !TryReadInt(out var year)
            || !TryReadSignedInt(out var zoneHours) || !TryReadInt(out var zoneMinutes))
        {
            return false;
        }

        DateOnly? date = null;
        if (day is not null || month is not null || year is not null)
        {
            if (day is null || month is null || year is null || !NmeaDates.TryCreate(year.Value, month.Value, day.Value, out date))
            {
                return false;
            }
        }

        data = new ZdaData
        {
            Time = time,
            Date = date,
            LocalZoneHours = zoneHours,
            LocalZoneMinutes = zoneHours < 0 ? -zoneMinutes : zoneMinutes,
        };
        return true;
    }

    private bool TryReadSignedInt(out int? value)
    {
        var field = ReadField();
        var negative = field.Length > 0 && field[0] == '-';
        var ok = NmeaField.TryParseInt(negative || (field.Length > 0 && field[0] == '+') ? field[1..] : field, out value);
        value = negative ? -value : value;
        return ok && !(field.Length == 1 && value is null);
    }
}
