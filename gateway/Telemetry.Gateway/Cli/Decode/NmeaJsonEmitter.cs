using System.Runtime.CompilerServices;
using System.Text.Json;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// NMEA 0183 GNSS sentences to JSON (names and units: docs/protocols/decode-json.md). Detector sentences are
/// handed to <see cref="DetectorJsonEmitter"/> when included (auto), otherwise reported as unknown.
/// </summary>
internal sealed class NmeaJsonEmitter(bool includeGnss, bool includeDetector) : IDecodeEmitter
{
    private NmeaDateTracker _dates;

    /// <summary>The date carried from dated sentences (RMC, ZDA) to time-only ones; the chunked runner seeds it.</summary>
    public NmeaDateTracker Dates
    {
        get => _dates;
        set => _dates = value;
    }

    /// <summary>Set when a time-only sentence was written while no date was known; the chunked runner clears it.</summary>
    public bool ResolvedWithoutDate { get; set; }

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DecodeOutcome WriteProperties(ReadOnlySpan<byte> frame, Utf8JsonWriter json)
    {
        if (!NmeaReader.TryCreate(frame, out var reader))
        {
            return DecodeOutcome.Failed;
        }

        if (includeDetector && DetectorJsonEmitter.IsDetector(reader))
        {
            return DetectorJsonEmitter.Write(ref reader, json);
        }

        if (!includeGnss)
        {
            return DecodeOutcome.Skipped;
        }

        json.WriteString("type"u8, reader.Type == NmeaSentenceType.Proprietary ? reader.Address : reader.Formatter);
        Span<byte> talker = stackalloc byte[2];
        json.WriteString("talker"u8, talker[..reader.Talker.CopyTo(talker)]);
        var ok = reader.Type switch
        {
            NmeaSentenceType.Gga => WriteGga(ref reader, json),
            NmeaSentenceType.Rmc => WriteRmc(ref reader, json),
            NmeaSentenceType.Gst => WriteGst(ref reader, json),
            NmeaSentenceType.Vtg => WriteVtg(ref reader, json),
            NmeaSentenceType.Hdt => WriteHdt(ref reader, json),
            NmeaSentenceType.Zda => WriteZda(ref reader, json),
            NmeaSentenceType.Gsa => WriteGsa(ref reader, json),
            NmeaSentenceType.Gns => WriteGns(ref reader, json),
            _ => (bool?)null,
        };
        if (ok is null)
        {
            json.WriteBoolean("unknown"u8, true);
            return DecodeOutcome.Unknown;
        }

        return ok.Value ? DecodeOutcome.Decoded : DecodeOutcome.Failed;
    }

    public void WriteRaw(ReadOnlySpan<byte> frame, Utf8JsonWriter json) => json.WriteString("raw"u8, frame.TrimEnd("\r\n"u8));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteGga(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadGga(out var d))
        {
            return false;
        }

        JsonFields.Time(json, d.Time, d.Time is { } t ? Resolve(t) : null);
        WritePosition(json, d.Latitude, d.Longitude, d.AltitudeMsl);
        JsonFields.Number(json, "fix"u8, (long?)d.Quality);
        JsonFields.Number(json, "sats"u8, d.SatellitesUsed);
        JsonFields.Number(json, "hdop"u8, d.Hdop);
        JsonFields.Number(json, "geoidSep"u8, d.GeoidSeparation);
        JsonFields.Number(json, "dgpsAge"u8, d.DifferentialAge);
        JsonFields.Number(json, "dgpsStation"u8, d.DifferentialStation);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteRmc(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadRmc(out var d))
        {
            return false;
        }

        if (d is { Date: { } date, Time: { } time })
        {
            _dates.Observe(date, time);
        }

        JsonFields.Time(json, d.Time, d is { Date: { } day, Time: { } at } ? day.ToDateTime(at, DateTimeKind.Utc) : null);
        WritePosition(json, d.Latitude, d.Longitude, null);
        json.WriteNumber("fix"u8, (int)d.Quality);
        JsonFields.Char(json, "status"u8, d.Status);
        JsonFields.Computed(json, "speed"u8, d.SpeedKnots * JsonFields.MetresPerSecondPerKnot);
        JsonFields.Number(json, "course"u8, d.CourseTrue);
        JsonFields.Number(json, "magVar"u8, d.MagneticVariation);
        JsonFields.Char(json, "mode"u8, d.Mode);
        JsonFields.Char(json, "navStatus"u8, d.NavigationalStatus);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteGst(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadGst(out var d))
        {
            return false;
        }

        JsonFields.Time(json, d.Time, d.Time is { } t ? Resolve(t) : null);
        JsonFields.Number(json, "rangeRms"u8, d.RangeRms);
        JsonFields.Number(json, "sigmaMajor"u8, d.SigmaMajor);
        JsonFields.Number(json, "sigmaMinor"u8, d.SigmaMinor);
        JsonFields.Number(json, "orientation"u8, d.Orientation);
        JsonFields.Number(json, "sigmaLat"u8, d.SigmaLatitude);
        JsonFields.Number(json, "sigmaLon"u8, d.SigmaLongitude);
        JsonFields.Number(json, "sigmaAlt"u8, d.SigmaAltitude);
        return true;
    }

    private static bool WriteVtg(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadVtg(out var d))
        {
            return false;
        }

        JsonFields.Number(json, "course"u8, d.CourseTrue);
        JsonFields.Number(json, "courseMag"u8, d.CourseMagnetic);
        // Knots when given (exact), else km/h: both are the same speed in different units.
        JsonFields.Computed(json, "speed"u8, d.SpeedKnots * JsonFields.MetresPerSecondPerKnot ?? d.SpeedKmh / 3.6);
        JsonFields.Char(json, "mode"u8, d.Mode);
        return true;
    }

    private static bool WriteHdt(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadHdt(out var d))
        {
            return false;
        }

        JsonFields.Number(json, "heading"u8, d.Heading);
        return true;
    }

    private bool WriteZda(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadZda(out var d))
        {
            return false;
        }

        if (d is { Date: { } date, Time: { } time })
        {
            _dates.Observe(date, time);
        }

        JsonFields.Time(json, d.Time, d is { Date: { } day, Time: { } at } ? day.ToDateTime(at, DateTimeKind.Utc) : null);
        JsonFields.Number(json, "zoneHours"u8, d.LocalZoneHours);
        JsonFields.Number(json, "zoneMinutes"u8, d.LocalZoneMinutes);
        return true;
    }

    private static bool WriteGsa(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadGsa(out var d))
        {
            return false;
        }

        JsonFields.Char(json, "selMode"u8, d.SelectionMode);
        JsonFields.Number(json, "fixType"u8, d.FixType);
        json.WriteStartArray("sats"u8);
        for (var i = 0; i < d.SatelliteCount; i++)
        {
            json.WriteNumberValue(d.Satellite(i));
        }

        json.WriteEndArray();
        JsonFields.Number(json, "pdop"u8, d.Pdop);
        JsonFields.Number(json, "hdop"u8, d.Hdop);
        JsonFields.Number(json, "vdop"u8, d.Vdop);
        JsonFields.Number(json, "systemId"u8, d.SystemId);
        return true;
    }

    private bool WriteGns(ref NmeaReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadGns(out var d))
        {
            return false;
        }

        JsonFields.Time(json, d.Time, d.Time is { } t ? Resolve(t) : null);
        WritePosition(json, d.Latitude, d.Longitude, d.AltitudeMsl);
        json.WriteNumber("fix"u8, (int)d.Quality);
        Span<byte> mode = stackalloc byte[NmeaModeIndicators.MaxLength];
        json.WriteString("mode"u8, mode[..d.Mode.CopyTo(mode)]);
        JsonFields.Number(json, "sats"u8, d.SatellitesUsed);
        JsonFields.Number(json, "hdop"u8, d.Hdop);
        JsonFields.Number(json, "geoidSep"u8, d.GeoidSeparation);
        JsonFields.Number(json, "dgpsAge"u8, d.DifferentialAge);
        JsonFields.Number(json, "dgpsStation"u8, d.DifferentialStation);
        JsonFields.Char(json, "navStatus"u8, d.NavigationalStatus);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DateTime? Resolve(TimeOnly time)
    {
        if (!_dates.HasDate)
        {
            ResolvedWithoutDate = true;
        }

        return _dates.Resolve(time);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WritePosition(Utf8JsonWriter json, double? lat, double? lon, double? alt)
    {
        JsonFields.Computed(json, "lat"u8, lat);
        JsonFields.Computed(json, "lon"u8, lon);
        JsonFields.Number(json, "alt"u8, alt);
    }
}
