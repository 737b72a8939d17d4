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
    // Full precision of coordinates: 12 decimals of a degree (0.1 µm) resolve minutes given to 9 decimals, more
    // than any receiver sends (Trimble: 8); speeds in m/s to 6 decimals resolve 0.001 kn.
    private const int DegreeDecimals = 12;
    private const int SpeedDecimals = 6;
    private NmeaDateTracker _dates;
    private TimeText _time;
    private LastNumberText _latitude;
    private LastNumberText _longitude;

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

        WriteTypeAndTalker(in reader, json);
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
            json.WriteBoolean(Names.Unknown, true);
            return DecodeOutcome.Unknown;
        }

        return ok.Value ? DecodeOutcome.Decoded : DecodeOutcome.Failed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteTypeAndTalker(in NmeaReader reader, Utf8JsonWriter json)
    {
        var type = Values.TypeOf(reader.Type);
        if (type.EncodedUtf8Bytes.IsEmpty)
        {
            json.WriteString(Names.Type, reader.Type == NmeaSentenceType.Proprietary ? reader.Address : reader.Formatter);
        }
        else
        {
            json.WriteString(Names.Type, type);
        }

        var talker = Values.TalkerOf(reader.Talker);
        if (talker.EncodedUtf8Bytes.IsEmpty)
        {
            Span<byte> text = stackalloc byte[2];
            json.WriteString(Names.Talker, text[..reader.Talker.CopyTo(text)]);
        }
        else
        {
            json.WriteString(Names.Talker, talker);
        }
    }

    public void WriteRaw(ReadOnlySpan<byte> frame, Utf8JsonWriter json) => json.WriteString(Names.Raw, frame.TrimEnd("\r\n"u8));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteGga(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadGga(out var d))
        {
            return false;
        }

        // Field texts, walked alongside (hhmmss,llll,a,yyyyy,a,q,ss,hdop,alt,M,sep,M,age,sta).
        text.SkipFields(7);
        var hdop = text.ReadField();
        var alt = text.ReadField();
        text.SkipFields(1);
        var separation = text.ReadField();
        text.SkipFields(1);
        var age = text.ReadField();

        _time.Write(json, d.Time, d.Time is { } t ? ResolveDate(t) : null);
        WritePosition(json, d.Latitude, d.Longitude, d.AltitudeMsl, alt);
        JsonFields.Number(json, Names.Fix, (long?)d.Quality);
        JsonFields.Number(json, Names.Sats, d.SatellitesUsed);
        JsonFields.Number(json, Names.Hdop, d.Hdop, hdop);
        JsonFields.Number(json, Names.GeoidSep, d.GeoidSeparation, separation);
        JsonFields.Number(json, Names.DgpsAge, d.DifferentialAge, age);
        JsonFields.Number(json, Names.DgpsStation, d.DifferentialStation);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteRmc(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadRmc(out var d))
        {
            return false;
        }

        // hhmmss,A,llll,a,yyyyy,a,speed,course,…
        text.SkipFields(7);
        var course = text.ReadField();

        if (d is { Date: { } date, Time: { } time })
        {
            _dates.Observe(date, time);
        }

        _time.Write(json, d.Time, d is { Date: { } day, Time: not null } ? day : null);
        WritePosition(json, d.Latitude, d.Longitude, null, default);
        json.WriteNumber(Names.Fix, (int)d.Quality);
        JsonFields.Char(json, Names.Status, d.Status);
        JsonFields.Fixed(json, Names.Speed, d.SpeedKnots * JsonFields.MetresPerSecondPerKnot, SpeedDecimals);
        JsonFields.Number(json, Names.Course, d.CourseTrue, course);
        JsonFields.Number(json, Names.MagVar, d.MagneticVariation);
        JsonFields.Char(json, Names.Mode, d.Mode);
        JsonFields.Char(json, Names.NavStatus, d.NavigationalStatus);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteGst(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadGst(out var d))
        {
            return false;
        }

        text.SkipFields(1);

        _time.Write(json, d.Time, d.Time is { } t ? ResolveDate(t) : null);
        JsonFields.Number(json, Names.RangeRms, d.RangeRms, text.ReadField());
        JsonFields.Number(json, Names.SigmaMajor, d.SigmaMajor, text.ReadField());
        JsonFields.Number(json, Names.SigmaMinor, d.SigmaMinor, text.ReadField());
        JsonFields.Number(json, Names.Orientation, d.Orientation, text.ReadField());
        JsonFields.Number(json, Names.SigmaLat, d.SigmaLatitude, text.ReadField());
        JsonFields.Number(json, Names.SigmaLon, d.SigmaLongitude, text.ReadField());
        JsonFields.Number(json, Names.SigmaAlt, d.SigmaAltitude, text.ReadField());
        return true;
    }

    private static bool WriteVtg(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadVtg(out var d))
        {
            return false;
        }

        // course,T,courseMag,M,…
        var course = text.ReadField();
        text.SkipFields(1);
        JsonFields.Number(json, Names.Course, d.CourseTrue, course);
        JsonFields.Number(json, Names.CourseMag, d.CourseMagnetic, text.ReadField());
        // Knots when given (exact), else km/h: both are the same speed in different units.
        JsonFields.Fixed(json, Names.Speed, d.SpeedKnots * JsonFields.MetresPerSecondPerKnot ?? d.SpeedKmh / 3.6, SpeedDecimals);
        JsonFields.Char(json, Names.Mode, d.Mode);
        return true;
    }

    private static bool WriteHdt(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadHdt(out var d))
        {
            return false;
        }

        JsonFields.Number(json, Names.Heading, d.Heading, text.ReadField());
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

        _time.Write(json, d.Time, d is { Date: { } day, Time: not null } ? day : null);
        JsonFields.Number(json, Names.ZoneHours, d.LocalZoneHours);
        JsonFields.Number(json, Names.ZoneMinutes, d.LocalZoneMinutes);
        return true;
    }

    private static bool WriteGsa(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadGsa(out var d))
        {
            return false;
        }

        // mode,fix,12 satellite slots,pdop,hdop,vdop,…
        text.SkipFields(2 + GsaData.MaxSatellites);

        JsonFields.Char(json, Names.SelMode, d.SelectionMode);
        JsonFields.Number(json, Names.FixType, d.FixType);
        json.WriteStartArray(Names.Sats);
        for (var i = 0; i < d.SatelliteCount; i++)
        {
            json.WriteNumberValue(d.Satellite(i));
        }

        json.WriteEndArray();
        JsonFields.Number(json, Names.Pdop, d.Pdop, text.ReadField());
        JsonFields.Number(json, Names.Hdop, d.Hdop, text.ReadField());
        JsonFields.Number(json, Names.Vdop, d.Vdop, text.ReadField());
        JsonFields.Number(json, Names.SystemId, d.SystemId);
        return true;
    }

    private bool WriteGns(ref NmeaReader reader, Utf8JsonWriter json)
    {
        var text = reader;
        if (!reader.TryReadGns(out var d))
        {
            return false;
        }

        // hhmmss,llll,a,yyyyy,a,mode,ss,hdop,alt,sep,age,…
        text.SkipFields(7);
        var hdop = text.ReadField();
        var alt = text.ReadField();
        var separation = text.ReadField();
        var age = text.ReadField();

        _time.Write(json, d.Time, d.Time is { } t ? ResolveDate(t) : null);
        WritePosition(json, d.Latitude, d.Longitude, d.AltitudeMsl, alt);
        json.WriteNumber(Names.Fix, (int)d.Quality);
        Span<byte> mode = stackalloc byte[NmeaModeIndicators.MaxLength];
        json.WriteString(Names.Mode, mode[..d.Mode.CopyTo(mode)]);
        JsonFields.Number(json, Names.Sats, d.SatellitesUsed);
        JsonFields.Number(json, Names.Hdop, d.Hdop, hdop);
        JsonFields.Number(json, Names.GeoidSep, d.GeoidSeparation, separation);
        JsonFields.Number(json, Names.DgpsAge, d.DifferentialAge, age);
        JsonFields.Number(json, Names.DgpsStation, d.DifferentialStation);
        JsonFields.Char(json, Names.NavStatus, d.NavigationalStatus);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DateOnly? ResolveDate(TimeOnly time)
    {
        if (!_dates.HasDate)
        {
            ResolvedWithoutDate = true;
        }

        return _dates.ResolveDate(time);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WritePosition(Utf8JsonWriter json, double? lat, double? lon, double? alt, ReadOnlySpan<byte> altText)
    {
        _latitude.WriteFixed(json, Names.Lat, lat, DegreeDecimals);
        _longitude.WriteFixed(json, Names.Lon, lon, DegreeDecimals);
        JsonFields.Number(json, Names.Alt, alt, altText);
    }

    /// <summary>Values that repeat in every sentence, encoded once: writing them then skips the escaping scan.</summary>
    private static class Values
    {
        // Plain arrays built without LINQ: each generic instantiation over a value type is another method to compile
        // before the first sentence is written. An empty entry (default) means "not pre-encoded".
        private static readonly JsonEncodedText[] Types = EncodeTypes();

        private static readonly JsonEncodedText Gn = JsonFields.Encode("GN"u8);
        private static readonly JsonEncodedText Gp = JsonFields.Encode("GP"u8);
        private static readonly JsonEncodedText Gl = JsonFields.Encode("GL"u8);
        private static readonly JsonEncodedText Ga = JsonFields.Encode("GA"u8);
        private static readonly JsonEncodedText Gb = JsonFields.Encode("GB"u8);
        private static readonly JsonEncodedText Bd = JsonFields.Encode("BD"u8);
        private static readonly JsonEncodedText Gq = JsonFields.Encode("GQ"u8);

        /// <summary>The formatter text of a decoded standard type; empty for unknown and proprietary sentences.</summary>
        public static JsonEncodedText TypeOf(NmeaSentenceType type) => (uint)type < (uint)Types.Length ? Types[(int)type] : default;

        /// <summary>The text of a constellation talker; empty for any other.</summary>
        public static JsonEncodedText TalkerOf(NmeaTalker talker) => talker.Packed switch
        {
            ('G' << 8) | 'N' => Gn,
            ('G' << 8) | 'P' => Gp,
            ('G' << 8) | 'L' => Gl,
            ('G' << 8) | 'A' => Ga,
            ('G' << 8) | 'B' => Gb,
            ('B' << 8) | 'D' => Bd,
            ('G' << 8) | 'Q' => Gq,
            _ => default,
        };

        private static JsonEncodedText[] EncodeTypes()
        {
            var all = new JsonEncodedText[(int)NmeaSentenceType.Proprietary + 1];
            for (var type = NmeaSentenceType.Gga; type < NmeaSentenceType.Proprietary; type++)
            {
                all[(int)type] = JsonFields.Encode(NmeaSentenceTypes.Formatter(type));
            }

            return all;
        }
    }

    /// <summary>Property names encoded once: writing a pre-encoded name skips the per-call escaping check.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type"u8);
        public static readonly JsonEncodedText Talker = JsonEncodedText.Encode("talker"u8);
        public static readonly JsonEncodedText Unknown = JsonEncodedText.Encode("unknown"u8);
        public static readonly JsonEncodedText Raw = JsonEncodedText.Encode("raw"u8);
        public static readonly JsonEncodedText Fix = JsonEncodedText.Encode("fix"u8);
        public static readonly JsonEncodedText Sats = JsonEncodedText.Encode("sats"u8);
        public static readonly JsonEncodedText Hdop = JsonEncodedText.Encode("hdop"u8);
        public static readonly JsonEncodedText GeoidSep = JsonEncodedText.Encode("geoidSep"u8);
        public static readonly JsonEncodedText DgpsAge = JsonEncodedText.Encode("dgpsAge"u8);
        public static readonly JsonEncodedText DgpsStation = JsonEncodedText.Encode("dgpsStation"u8);
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status"u8);
        public static readonly JsonEncodedText Speed = JsonEncodedText.Encode("speed"u8);
        public static readonly JsonEncodedText Course = JsonEncodedText.Encode("course"u8);
        public static readonly JsonEncodedText MagVar = JsonEncodedText.Encode("magVar"u8);
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode"u8);
        public static readonly JsonEncodedText NavStatus = JsonEncodedText.Encode("navStatus"u8);
        public static readonly JsonEncodedText RangeRms = JsonEncodedText.Encode("rangeRms"u8);
        public static readonly JsonEncodedText SigmaMajor = JsonEncodedText.Encode("sigmaMajor"u8);
        public static readonly JsonEncodedText SigmaMinor = JsonEncodedText.Encode("sigmaMinor"u8);
        public static readonly JsonEncodedText Orientation = JsonEncodedText.Encode("orientation"u8);
        public static readonly JsonEncodedText SigmaLat = JsonEncodedText.Encode("sigmaLat"u8);
        public static readonly JsonEncodedText SigmaLon = JsonEncodedText.Encode("sigmaLon"u8);
        public static readonly JsonEncodedText SigmaAlt = JsonEncodedText.Encode("sigmaAlt"u8);
        public static readonly JsonEncodedText CourseMag = JsonEncodedText.Encode("courseMag"u8);
        public static readonly JsonEncodedText Heading = JsonEncodedText.Encode("heading"u8);
        public static readonly JsonEncodedText ZoneHours = JsonEncodedText.Encode("zoneHours"u8);
        public static readonly JsonEncodedText ZoneMinutes = JsonEncodedText.Encode("zoneMinutes"u8);
        public static readonly JsonEncodedText SelMode = JsonEncodedText.Encode("selMode"u8);
        public static readonly JsonEncodedText FixType = JsonEncodedText.Encode("fixType"u8);
        public static readonly JsonEncodedText Pdop = JsonEncodedText.Encode("pdop"u8);
        public static readonly JsonEncodedText Vdop = JsonEncodedText.Encode("vdop"u8);
        public static readonly JsonEncodedText SystemId = JsonEncodedText.Encode("systemId"u8);
        public static readonly JsonEncodedText Lat = JsonEncodedText.Encode("lat"u8);
        public static readonly JsonEncodedText Lon = JsonEncodedText.Encode("lon"u8);
        public static readonly JsonEncodedText Alt = JsonEncodedText.Encode("alt"u8);
    }
}
