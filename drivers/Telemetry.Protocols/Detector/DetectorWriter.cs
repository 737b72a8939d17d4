using System.Buffers;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Protocols.Detector;

/// <summary>Writes detector sentences (docs/protocols/detector.md) into an <see cref="IBufferWriter{T}"/>; the simulator's detector emitter.</summary>
public static class DetectorWriter
{
    /// <summary>Our manufacturer code: <c>X</c> = experimental, so it cannot collide with a registered NMEA mnemonic.</summary>
    public static ReadOnlySpan<byte> Manufacturer => "XDM"u8;

    /// <summary>Writes <c>$PXDMD</c>.</summary>
    public static void WriteSample(IBufferWriter<byte> output, in DetectorSample data)
    {
        var s = Start(output, "PXDMD"u8, data.Header);
        s.Int(data.MetalAmplitude);
        s.Int(data.MetalPhase);
        s.Int(data.GprEnergy);
        s.Int(data.GprDepthCm);
        s.Int(data.Sensitivity);
        s.Int(data.BatteryPercent);
        s.Int((int?)data.AlarmLevel);
        s.Commit();
    }

    /// <summary>Writes <c>$PXDMA</c>.</summary>
    public static void WriteAlarm(IBufferWriter<byte> output, in DetectorAlarm data)
    {
        var s = Start(output, "PXDMA"u8, data.Header);
        s.Int(data.EventId);
        s.Char(data.Edge == DetectorEdge.Onset ? (byte)'O' : (byte)'F');
        s.Char((byte)data.Class);
        s.Int(data.PeakMetal);
        s.Int(data.PeakGpr);
        s.Int(data.DurationMs);
        s.Commit();
    }

    /// <summary>Writes <c>$PXDMM</c>.</summary>
    public static void WriteMark(IBufferWriter<byte> output, in DetectorMark data)
    {
        var s = Start(output, "PXDMM"u8, data.Header);
        s.Int(data.MarkId);
        s.Char((byte)data.Kind);
        s.Int(data.EventId);
        s.Commit();
    }

    /// <summary>Writes <c>$PXDMS</c>.</summary>
    public static void WriteStatus(IBufferWriter<byte> output, in DetectorStatus data)
    {
        var s = Start(output, "PXDMS"u8, data.Header);
        s.Int(data.DeviceId);
        Span<byte> model = stackalloc byte[DetectorModel.MaxLength];
        s.Field(model[..data.Model.CopyTo(model)]);
        s.Fixed(data.BatteryVolts, 2);
        s.Int(data.BatteryPercent);
        s.Field(data.DualSensor switch { true => "MDGPR"u8, false => "MD"u8, null => default });
        s.Char(data.GroundBalance);
        Hex(ref s, data.SelfTestFlags);
        Hex(ref s, data.FaultMask);
        s.Commit();
    }

    /// <summary>Writes <c>$PXDMF</c>.</summary>
    public static void WriteFault(IBufferWriter<byte> output, in DetectorFault data)
    {
        var s = Start(output, "PXDMF"u8, data.Header);
        s.Int((int)data.Code);
        s.Char(data.Edge == DetectorEdge.Onset ? (byte)'S' : (byte)'C');
        s.Int(data.Detail);
        s.Commit();
    }

    private static NmeaSentenceBuilder Start(IBufferWriter<byte> output, ReadOnlySpan<byte> address, DetectorHeader header)
    {
        var s = new NmeaSentenceBuilder(output, address);
        s.Int(header.Sequence);
        // Uptime in seconds with millisecond resolution (detector.md §3).
        s.Fixed(header.UptimeMs / 1000.0, 3);
        return s;
    }

    private static void Hex(ref NmeaSentenceBuilder s, int? value)
    {
        if (value is not { } v)
        {
            s.Empty();
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(v, nameof(value));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(v, 0xFFFF, nameof(value));
        Span<byte> text = [NmeaChecksum.HexDigit(v >> 12), NmeaChecksum.HexDigit(v >> 8), NmeaChecksum.HexDigit(v >> 4), NmeaChecksum.HexDigit(v)];
        s.Field(text);
    }
}
