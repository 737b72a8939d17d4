using Telemetry.Protocols.Nmea;

namespace Telemetry.Protocols.Detector;

/// <summary>
/// Decodes one framed detector sentence (framed by <see cref="NmeaFramer"/>, like GNSS sentences) into the
/// structs of docs/protocols/detector.md. Every sentence starts <c>$PXDM&lt;k&gt;,seq,uptime</c>.
/// </summary>
public ref struct DetectorReader
{
    private NmeaReader _fields;

    private DetectorReader(NmeaReader fields, DetectorSentenceKind kind, DetectorHeader header)
    {
        _fields = fields;
        Kind = kind;
        Header = header;
    }

    /// <summary>Which sentence this is.</summary>
    public DetectorSentenceKind Kind { get; }

    /// <summary>Sequence counter and uptime.</summary>
    public DetectorHeader Header { get; }

    /// <summary>The kind of a proprietary sentence, or <see cref="DetectorSentenceKind.None"/> when it is not ours.</summary>
    public static DetectorSentenceKind KindOf(in NmeaReader sentence)
    {
        if (sentence.Type != NmeaSentenceType.Proprietary || !sentence.Manufacturer.SequenceEqual(DetectorWriter.Manufacturer))
        {
            return DetectorSentenceKind.None;
        }

        var formatter = sentence.Formatter;
        return formatter.Length == 1 && formatter[0] is (byte)'D' or (byte)'A' or (byte)'M' or (byte)'S' or (byte)'F'
            ? (DetectorSentenceKind)formatter[0]
            : DetectorSentenceKind.None;
    }

    /// <summary>Starts decoding a frame. False when it is not a detector sentence or its header is malformed.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> frame, out DetectorReader reader)
    {
        reader = default;
        return NmeaReader.TryCreate(frame, out var sentence) && TryCreate(ref sentence, out reader);
    }

    /// <summary>Continues from an already split sentence (lets one decoder handle GNSS and detector lines).</summary>
    public static bool TryCreate(scoped ref NmeaReader sentence, out DetectorReader reader)
    {
        reader = default;
        var kind = KindOf(sentence);
        // detector.md §3: header = seq(0–65535) "," uptime(seconds, ≤ 3 decimals); both required.
        if (kind == DetectorSentenceKind.None || !sentence.TryReadInt(out var seq) || seq is not (>= 0 and <= ushort.MaxValue)
            || !NmeaField.TryParseScaled(sentence.ReadField(), out var uptime, out var scale) || uptime < 0 || scale > 3)
        {
            return false;
        }

        var uptimeMs = uptime * scale switch { 0 => 1000, 1 => 100, 2 => 10, _ => 1 };
        reader = new DetectorReader(sentence, kind, new DetectorHeader((ushort)seq.Value, uptimeMs));
        return true;
    }

    /// <summary>detector.md §4: <c>md,phase,gpr,depth,sens,batt,alarm</c>.</summary>
    public bool TryReadSample(out DetectorSample sample)
    {
        sample = default;
        if (Kind != DetectorSentenceKind.Sample || !TryReadRange(0, 1023, out var md) || !TryReadSigned(-90, 90, out var phase)
            || !TryReadRange(0, 1023, out var gpr) || !TryReadRange(0, 99, out var depth) || !TryReadRange(1, 10, out var sensitivity)
            || !TryReadRange(0, 100, out var battery) || !TryReadRange(0, 3, out var alarm))
        {
            return false;
        }

        sample = new DetectorSample
        {
            Header = Header,
            MetalAmplitude = md,
            MetalPhase = phase,
            GprEnergy = gpr,
            GprDepthCm = depth,
            Sensitivity = sensitivity,
            BatteryPercent = battery,
            AlarmLevel = (DetectorAlarmLevel?)alarm,
        };
        return true;
    }

    /// <summary>detector.md §5: <c>event,edge(O|F),class(M|G|D),peakMd,peakGpr,durationMs</c>.</summary>
    public bool TryReadAlarm(out DetectorAlarm alarm)
    {
        alarm = default;
        if (Kind != DetectorSentenceKind.Alarm || !TryReadRange(0, ushort.MaxValue, out var id) || id is null
            || !_fields.TryReadChar(out var edge) || edge is not ((byte)'O' or (byte)'F')
            || !_fields.TryReadChar(out var cls) || cls is not ((byte)'M' or (byte)'G' or (byte)'D')
            || !TryReadRange(0, 1023, out var peakMd) || !TryReadRange(0, 1023, out var peakGpr)
            || !TryReadRange(0, 86_400_000, out var duration))
        {
            return false;
        }

        alarm = new DetectorAlarm
        {
            Header = Header,
            EventId = id.Value,
            Edge = edge == 'O' ? DetectorEdge.Onset : DetectorEdge.Offset,
            Class = (DetectorAlarmClass)cls.Value,
            PeakMetal = peakMd,
            PeakGpr = peakGpr,
            DurationMs = duration,
        };
        return true;
    }

    /// <summary>detector.md §6: <c>mark,kind(S|F|R),event</c>.</summary>
    public bool TryReadMark(out DetectorMark mark)
    {
        mark = default;
        if (Kind != DetectorSentenceKind.Mark || !TryReadRange(0, ushort.MaxValue, out var id) || id is null
            || !_fields.TryReadChar(out var kind) || kind is not ((byte)'S' or (byte)'F' or (byte)'R')
            || !TryReadRange(0, ushort.MaxValue, out var eventId))
        {
            return false;
        }

        mark = new DetectorMark { Header = Header, MarkId = id.Value, Kind = (DetectorMarkKind)kind.Value, EventId = eventId };
        return true;
    }

    /// <summary>detector.md §7: <c>device,model,battV,battPct,mode(MD|MDGPR),gb(L|T|N),selftest(hex),faults(hex)</c>.</summary>
    public bool TryReadStatus(out DetectorStatus status)
    {
        status = default;
        if (Kind != DetectorSentenceKind.Status || !_fields.TryReadInt(out var device) || device is null
            || !DetectorModel.TryCreate(_fields.ReadField(), out var model) || !_fields.TryReadDecimal(out var volts)
            || volts is < 0 or > 99 || !TryReadRange(0, 100, out var percent))
        {
            return false;
        }

        var modeField = _fields.ReadField();
        bool? dual = modeField.IsEmpty ? null : modeField.SequenceEqual("MDGPR"u8) ? true : modeField.SequenceEqual("MD"u8) ? false : null;
        if (!modeField.IsEmpty && dual is null)
        {
            return false;
        }

        if (!_fields.TryReadChar(out var balance) || balance is not (null or (byte)'L' or (byte)'T' or (byte)'N')
            || !TryReadHex(out var selfTest) || !TryReadHex(out var faults))
        {
            return false;
        }

        status = new DetectorStatus
        {
            Header = Header,
            DeviceId = device.Value,
            Model = model,
            BatteryVolts = volts,
            BatteryPercent = percent,
            DualSensor = dual,
            GroundBalance = balance,
            SelfTestFlags = selfTest,
            FaultMask = faults,
        };
        return true;
    }

    /// <summary>detector.md §8: <c>code(1–5),edge(S|C),detail</c>.</summary>
    public bool TryReadFault(out DetectorFault fault)
    {
        fault = default;
        if (Kind != DetectorSentenceKind.Fault || !TryReadRange(1, 5, out var code) || code is null
            || !_fields.TryReadChar(out var edge) || edge is not ((byte)'S' or (byte)'C') || !TryReadSigned(-999_999, 999_999, out var detail))
        {
            return false;
        }

        fault = new DetectorFault
        {
            Header = Header,
            Code = (DetectorFaultCode)code.Value,
            Edge = edge == 'S' ? DetectorEdge.Onset : DetectorEdge.Offset,
            Detail = detail,
        };
        return true;
    }

    private bool TryReadRange(int min, int max, out int? value) => _fields.TryReadInt(out value) && (value is null || (value >= min && value <= max));

    private bool TryReadSigned(int min, int max, out int? value)
    {
        value = null;
        var field = _fields.ReadField();
        if (field.IsEmpty)
        {
            return true;
        }

        if (!NmeaField.TryParseScaled(field, out var number, out var scale) || scale != 0 || number < min || number > max)
        {
            return false;
        }

        value = (int)number;
        return true;
    }

    private bool TryReadHex(out int? value)
    {
        value = null;
        var field = _fields.ReadField();
        if (field.IsEmpty)
        {
            return true;
        }

        if (field.Length > 4)
        {
            return false;
        }

        var result = 0;
        foreach (var c in field)
        {
            var d = char.IsAsciiDigit((char)c) ? c - '0' : c is >= (byte)'A' and <= (byte)'F' ? c - 'A' + 10 : -1;
            if (d < 0)
            {
                return false;
            }

            result = (result << 4) | d;
        }

        value = result;
        return true;
    }
}
