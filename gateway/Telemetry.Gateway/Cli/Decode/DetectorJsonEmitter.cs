using System.Text.Json;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// Detector adapter sentences (docs/protocols/detector.md) to JSON. Used alone (--protocol detector, other
/// sentences skipped) or behind <see cref="NmeaJsonEmitter"/> (auto).
/// </summary>
internal sealed class DetectorJsonEmitter : IDecodeEmitter
{
    public static bool IsDetector(in NmeaReader sentence) => DetectorReader.KindOf(sentence) != DetectorSentenceKind.None;

    public DecodeOutcome WriteProperties(ReadOnlySpan<byte> frame, Utf8JsonWriter json)
    {
        if (!NmeaReader.TryCreate(frame, out var sentence))
        {
            return DecodeOutcome.Failed;
        }

        return IsDetector(sentence) ? Write(ref sentence, json) : DecodeOutcome.Skipped;
    }

    public void WriteRaw(ReadOnlySpan<byte> frame, Utf8JsonWriter json) => json.WriteString("raw"u8, frame.TrimEnd("\r\n"u8));

    public static DecodeOutcome Write(ref NmeaReader sentence, Utf8JsonWriter json)
    {
        json.WriteString("type"u8, sentence.Address);
        json.WriteString("talker"u8, "P"u8);
        if (!DetectorReader.TryCreate(ref sentence, out var reader))
        {
            return DecodeOutcome.Failed;
        }

        json.WriteNumber("seq"u8, reader.Header.Sequence);
        json.WriteNumber("uptime"u8, reader.Header.UptimeMs / 1000.0);
        var ok = reader.Kind switch
        {
            DetectorSentenceKind.Sample => WriteSample(ref reader, json),
            DetectorSentenceKind.Alarm => WriteAlarm(ref reader, json),
            DetectorSentenceKind.Mark => WriteMark(ref reader, json),
            DetectorSentenceKind.Status => WriteStatus(ref reader, json),
            _ => WriteFault(ref reader, json),
        };
        return ok ? DecodeOutcome.Decoded : DecodeOutcome.Failed;
    }

    private static bool WriteSample(ref DetectorReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadSample(out var d))
        {
            return false;
        }

        JsonFields.Number(json, "md"u8, d.MetalAmplitude);
        JsonFields.Number(json, "mdPhase"u8, d.MetalPhase);
        JsonFields.Number(json, "gpr"u8, d.GprEnergy);
        JsonFields.Number(json, "gprDepth"u8, d.GprDepthCm / 100.0);
        JsonFields.Number(json, "sensitivity"u8, d.Sensitivity);
        JsonFields.Number(json, "battery"u8, d.BatteryPercent);
        JsonFields.Number(json, "alarm"u8, (long?)d.AlarmLevel);
        return true;
    }

    private static bool WriteAlarm(ref DetectorReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadAlarm(out var d))
        {
            return false;
        }

        json.WriteNumber("event"u8, d.EventId);
        json.WriteString("edge"u8, d.Edge == DetectorEdge.Onset ? "onset"u8 : "offset"u8);
        json.WriteString("class"u8, d.Class switch { DetectorAlarmClass.Metal => "metal"u8, DetectorAlarmClass.Gpr => "gpr"u8, _ => "dual"u8 });
        JsonFields.Number(json, "peakMd"u8, d.PeakMetal);
        JsonFields.Number(json, "peakGpr"u8, d.PeakGpr);
        JsonFields.Number(json, "duration"u8, d.DurationMs / 1000.0);
        return true;
    }

    private static bool WriteMark(ref DetectorReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadMark(out var d))
        {
            return false;
        }

        json.WriteNumber("mark"u8, d.MarkId);
        json.WriteString("kind"u8, d.Kind switch { DetectorMarkKind.Suspect => "suspect"u8, DetectorMarkKind.FalseAlarm => "false-alarm"u8, _ => "reference"u8 });
        JsonFields.Number(json, "event"u8, d.EventId);
        return true;
    }

    private static bool WriteStatus(ref DetectorReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadStatus(out var d))
        {
            return false;
        }

        json.WriteNumber("device"u8, d.DeviceId);
        Span<byte> model = stackalloc byte[DetectorModel.MaxLength];
        json.WriteString("model"u8, model[..d.Model.CopyTo(model)]);
        JsonFields.Number(json, "batteryV"u8, d.BatteryVolts);
        JsonFields.Number(json, "battery"u8, d.BatteryPercent);
        if (d.DualSensor is { } dual)
        {
            json.WriteString("mode"u8, dual ? "MDGPR"u8 : "MD"u8);
        }

        JsonFields.Char(json, "groundBalance"u8, d.GroundBalance);
        JsonFields.Number(json, "selfTest"u8, d.SelfTestFlags);
        JsonFields.Number(json, "faults"u8, d.FaultMask);
        return true;
    }

    private static bool WriteFault(ref DetectorReader reader, Utf8JsonWriter json)
    {
        if (!reader.TryReadFault(out var d))
        {
            return false;
        }

        json.WriteString("code"u8, d.Code switch
        {
            DetectorFaultCode.LowBattery => "LOW_BATT"u8,
            DetectorFaultCode.SensorOverload => "SENSOR_OVERLOAD"u8,
            DetectorFaultCode.GroundBalanceLost => "GB_LOST"u8,
            DetectorFaultCode.GprFailure => "GPR_FAIL"u8,
            _ => "HEAD_DISCONNECTED"u8,
        });
        json.WriteString("edge"u8, d.Edge == DetectorEdge.Onset ? "set"u8 : "cleared"u8);
        JsonFields.Number(json, "detail"u8, d.Detail);
        return true;
    }
}
