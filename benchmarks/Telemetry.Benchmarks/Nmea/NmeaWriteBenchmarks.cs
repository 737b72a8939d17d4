using System.Buffers;
using BenchmarkDotNet.Attributes;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Benchmarks.Nmea;

/// <summary>Writing one sentence per type into a reused <see cref="IBufferWriter{T}"/>. Budget: 0 B/op.</summary>
[MemoryDiagnoser]
public class NmeaWriteBenchmarks
{
    private static readonly TimeOnly Time = new(8, 15, 30, 250);
    private static readonly ushort[] Satellites = [13, 29, 25, 15, 12, 24, 2];
    private static readonly DetectorHeader Header = new(1234, 5_321_460);
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly GgaData _gga = new() { Time = Time, Latitude = 39.99310001, Longitude = 46.93000002, Quality = GnssFixQuality.RtkFixed, SatellitesUsed = 18, Hdop = 0.6, AltitudeMsl = 352.1, GeoidSeparation = -16.9, DifferentialAge = 1, DifferentialStation = 1 };
    private readonly RmcData _rmc = new() { Time = Time, Status = (byte)'A', Latitude = 39.9931, Longitude = 46.93, SpeedKnots = 0.42, CourseTrue = 87.5, Date = new DateOnly(2026, 11, 23), Mode = (byte)'R', NavigationalStatus = (byte)'V' };
    private readonly GstData _gst = new() { Time = Time, RangeRms = 0.012, SigmaMajor = 0.011, SigmaMinor = 0.008, Orientation = 35, SigmaLatitude = 0.009, SigmaLongitude = 0.01, SigmaAltitude = 0.018 };
    private readonly VtgData _vtg = new() { CourseTrue = 87.5, SpeedKnots = 0.42, SpeedKmh = 0.78, Mode = (byte)'R' };
    private readonly HdtData _hdt = new() { Heading = 87.52 };
    private readonly ZdaData _zda = new() { Time = Time, Date = new DateOnly(2026, 11, 23), LocalZoneHours = 4, LocalZoneMinutes = 0 };
    private readonly GsaData _gsa = new GsaData { SelectionMode = (byte)'A', FixType = 3, Pdop = 1.31, Hdop = 0.73, Vdop = 1.09, SystemId = 1 }.WithSatellites(Satellites);
    private readonly GnsData _gns = new() { Time = Time, Latitude = 39.9931, Longitude = 46.93, SatellitesUsed = 18, Hdop = 0.6, AltitudeMsl = 352.1 };
    private readonly DetectorSample _sample = new() { Header = Header, MetalAmplitude = 512, MetalPhase = -12, GprEnergy = 380, GprDepthCm = 12, Sensitivity = 7, BatteryPercent = 86, AlarmLevel = DetectorAlarmLevel.Dual };
    private readonly DetectorAlarm _alarm = new() { Header = Header, EventId = 17, Edge = DetectorEdge.Offset, Class = DetectorAlarmClass.Dual, PeakMetal = 702, PeakGpr = 455, DurationMs = 440 };

    [Benchmark]
    public int Gga()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteGga(_buffer, NmeaTalker.Gnss, _gga);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Rmc()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteRmc(_buffer, NmeaTalker.Gnss, _rmc);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Gst()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteGst(_buffer, NmeaTalker.Gnss, _gst);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Vtg()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteVtg(_buffer, NmeaTalker.Gnss, _vtg);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Hdt()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteHdt(_buffer, NmeaTalker.Gnss, _hdt);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Zda()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteZda(_buffer, NmeaTalker.Gnss, _zda);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Gsa()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteGsa(_buffer, NmeaTalker.Gnss, _gsa);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int Gns()
    {
        _buffer.ResetWrittenCount();
        NmeaWriter.WriteGns(_buffer, NmeaTalker.Gnss, _gns);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int DetectorSample()
    {
        _buffer.ResetWrittenCount();
        DetectorWriter.WriteSample(_buffer, _sample);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int DetectorAlarm()
    {
        _buffer.ResetWrittenCount();
        DetectorWriter.WriteAlarm(_buffer, _alarm);
        return _buffer.WrittenCount;
    }
}
