using System.Buffers;
using System.Text.Json;
using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Geotagging;
using N = Telemetry.Geo.Detections.RecordNames;

namespace Telemetry.Geo.Detections;

/// <summary>
/// Serialises detection records (docs/schemas/detection.schema.json) as compact UTF-8 JSON into an
/// <see cref="IBufferWriter{T}"/>. One <see cref="Utf8JsonWriter"/> is reused across records, names are pre-encoded
/// and numbers are written directly, so a record costs 0 bytes of managed allocation at steady state.
/// Not thread-safe: one writer per pipeline.
/// </summary>
public sealed class DetectionRecordWriter : IDisposable
{
    /// <summary>Longest raw evidence frame copied into a record; longer frames are truncated and flagged.</summary>
    public const int MaxEvidenceBytes = 1024;

    private readonly RecordIdentity _identity;
    private readonly int _mgrsDigits;
    private Utf8JsonWriter? _json;

    /// <summary>Creates a writer for one rig.</summary>
    /// <param name="identity">Site, rig and configuration hash written into every record.</param>
    /// <param name="mgrsDigits">MGRS digits per axis: 5 = 1 m (default), 4 = 10 m.</param>
    public DetectionRecordWriter(RecordIdentity identity, int mgrsDigits = 5)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentOutOfRangeException.ThrowIfLessThan(mgrsDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mgrsDigits, 5);
        _identity = identity;
        _mgrsDigits = mgrsDigits;
    }

    /// <summary>Releases the reused JSON writer.</summary>
    public void Dispose()
    {
        _json?.Dispose();
        _json = null;
    }

    /// <summary>Writes one record as a single JSON object (no trailing newline) into <paramref name="output"/>.</summary>
    public void Write(in GeotaggedDetection detection, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var json = _json;
        if (json is null)
        {
            json = _json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false });
        }
        else
        {
            json.Reset(output);
        }

        json.WriteStartObject();
        json.WriteString(N.Schema, N.SchemaValue);
        json.WriteString(N.Id, detection.Id);
        json.WriteNumber(N.Seq, detection.Sequence);
        json.WriteString(N.Site, _identity.EncodedSite);
        json.WriteString(N.Rig, _identity.EncodedRig);
        json.WriteString(N.Device, detection.Input.Device);
        json.WriteString(N.Kind, N.Of(detection.Input.Kind));
        WriteSignal(json, detection.Input.Signal);
        WriteTime(json, detection);
        WritePosition(json, detection.Position);
        WriteEvidence(json, detection.Input);
        json.WriteString(N.ConfigHash, _identity.EncodedConfigHash);
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteSignal(Utf8JsonWriter json, in DetectionSignal s)
    {
        json.WriteStartObject(N.Signal);
        if (s.EventId is { } eventId)
        {
            json.WriteNumber(N.EventId, eventId);
        }

        if (s.MdAmplitude is { } md)
        {
            json.WriteNumber(N.MdAmplitude, md);
        }

        WriteFinite(json, N.MdPhaseDeg, s.MdPhaseDeg, 2);
        if (s.GprEnergy is { } gpr)
        {
            json.WriteNumber(N.GprEnergy, gpr);
        }

        WriteFinite(json, N.GprDepthCm, s.GprDepthCm, 1);
        if (s.AlarmLevel is { } level)
        {
            json.WriteNumber(N.AlarmLevel, level);
        }

        if (s.DurationMs is { } duration)
        {
            json.WriteNumber(N.DurationMs, duration);
        }

        if (s.OperatorMark is { } mark)
        {
            json.WriteBoolean(N.OperatorMark, mark);
        }

        WriteFinite(json, N.AnomalyScore, s.AnomalyScore, 4);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, in GeotaggedDetection d)
    {
        json.WriteStartObject(N.Time);
        json.WriteString(N.Utc, Gnss.GnssFix.FromUtcNs(d.UtcNs));
        json.WriteString(N.Source, N.Of(d.ClockSource));
        json.WriteNumber(N.MonotonicNs, d.Input.MonotonicNs);
        json.WriteBoolean(N.ClockJump, d.ClockJumped);
        json.WriteEndObject();
    }

    private void WritePosition(Utf8JsonWriter json, in GeoPosition p)
    {
        json.WriteStartObject(N.Position);
        json.WriteString(N.Status, N.Of(p.Status));
        json.WriteBoolean(N.Stale, p.IsStale);
        json.WriteString(N.Source, N.Of(p.Source));
        json.WriteString(N.FixType, N.Of(p.FixType));
        if (p.HasCoordinates)
        {
            json.WriteNumber(N.FixAgeS, Math.Round(p.FixAgeNs * 1e-9, 3));
            json.WriteNumber(N.Lat, Math.Round(p.Latitude, 9));
            json.WriteNumber(N.Lon, Math.Round(p.Longitude, 9));
            WriteFinite(json, N.HeightM, p.EllipsoidHeight, 3);
            WriteFinite(json, N.AltitudeMslM, p.AltitudeMsl, 3);
            WriteGrid(json, p.Latitude, p.Longitude);
            WriteAccuracy(json, p);
            if (p.Satellites >= 0)
            {
                json.WriteNumber(N.Satellites, p.Satellites);
            }

            WriteFinite(json, N.Hdop, p.Hdop, 2);
            WriteFinite(json, N.HeadingDeg, p.HeadingDeg, 2);
            json.WriteString(N.HeadingSource, N.Of(p.HeadingSource));
            json.WriteBoolean(N.LeverArmApplied, p.LeverArmApplied);
        }

        json.WriteEndObject();
    }

    private void WriteGrid(Utf8JsonWriter json, double lat, double lon)
    {
        if (!(lat >= -80 && lat <= 84))
        {
            return; // polar areas use UPS, which this gateway does not write
        }

        var utm = Coordinates.Utm.FromLatLon(lat, lon);
        json.WriteStartObject(N.Utm);
        json.WriteNumber(N.Zone, utm.Zone);
        json.WriteString(N.Hemisphere, utm.IsNorth ? N.North : N.South);
        json.WriteNumber(N.Easting, Math.Round(utm.Easting, 3));
        json.WriteNumber(N.Northing, Math.Round(utm.Northing, 3));
        json.WriteNumber(N.Epsg, utm.Epsg);
        json.WriteEndObject();
        Span<byte> mgrs = stackalloc byte[Coordinates.Mgrs.MaxLength];
        if (Coordinates.Mgrs.TryFormat(lat, lon, _mgrsDigits, mgrs, out var written))
        {
            json.WriteString(N.Mgrs, mgrs[..written]);
        }
    }

    private static void WriteAccuracy(Utf8JsonWriter json, in GeoPosition p)
    {
        json.WriteStartObject(N.Accuracy);
        json.WriteNumber(N.HorizontalSigmaM, Math.Round(p.HorizontalSigma, 3));
        json.WriteNumber(N.HorizontalM, Math.Round(p.HorizontalAccuracy, 3));
        json.WriteNumber(N.Confidence, GeoPosition.Confidence);
        json.WriteNumber(N.GnssSigmaM, Math.Round(p.GnssSigma, 3));
        json.WriteNumber(N.InterpolationSigmaM, Math.Round(p.InterpolationSigma, 3));
        json.WriteNumber(N.LeverArmSigmaM, Math.Round(p.LeverArmSigma, 3));
        WriteFinite(json, N.VerticalSigmaM, p.VerticalSigma, 3);
        json.WriteString(N.SigmaSource, N.Of(p.SigmaSource));
        json.WriteEndObject();
    }

    private static void WriteEvidence(Utf8JsonWriter json, in DetectionInput input)
    {
        json.WriteStartObject(N.Evidence);
        json.WriteString(N.Format, input.EvidenceFormat);
        var frame = input.Evidence.Span;
        var truncated = frame.Length > MaxEvidenceBytes;
        var kept = truncated ? frame[..MaxEvidenceBytes] : frame;
        var text = TrimLineEnd(kept);
        if (IsPrintableAscii(text))
        {
            json.WriteString(N.Encoding, N.Text);
            json.WriteString(N.Frame, text);
        }
        else
        {
            json.WriteString(N.Encoding, N.Base64);
            json.WriteBase64String(N.Frame, kept);
        }

        json.WriteNumber(N.Length, frame.Length);
        json.WriteBoolean(N.Truncated, truncated);
        json.WriteEndObject();
    }

    // A text frame's CR LF is framing, not content; anything else non-printable makes the frame binary.
    private static ReadOnlySpan<byte> TrimLineEnd(ReadOnlySpan<byte> frame)
    {
        var end = frame.Length;
        while (end > 0 && frame[end - 1] is (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return frame[..end];
    }

    private static bool IsPrintableAscii(ReadOnlySpan<byte> bytes) =>
        bytes.Length > 0 && !bytes.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);

    private static void WriteFinite(Utf8JsonWriter json, JsonEncodedText name, double? value, int decimals)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, decimals));
        }
    }
}
