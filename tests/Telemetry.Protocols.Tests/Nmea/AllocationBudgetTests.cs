using System.Buffers;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;
using Telemetry.Protocols.Tests.Detector;

namespace Telemetry.Protocols.Tests.Nmea;

/// <summary>Allocation budgets (no timing): framing, decoding and writing cost 0 bytes per sentence.</summary>
public sealed class AllocationBudgetTests
{
    private static readonly string[] Sentences =
    [
        NmeaVectors.TrimbleGga, NmeaVectors.NovAtelRmc, NmeaVectors.TrimbleGst, NmeaVectors.PolarxVtg, NmeaVectors.HemisphereHdt,
        NmeaVectors.PolarxZda, NmeaVectors.Ublox41Gsa, NmeaVectors.PolarxGns, NmeaVectors.UnknownGsv,
        DetectorTests.Sample, DetectorTests.AlarmOffset, DetectorTests.Mark, DetectorTests.Status, DetectorTests.Fault,
    ];

    // A static array: a collection expression converted to ReadOnlySpan<ushort> allocates in unoptimised builds.
    private static readonly ushort[] SatelliteIds = [13, 29, 25, 15];

    [Fact]
    public void Frame_and_decode_allocate_nothing_per_sentence()
    {
        var stream = Sentences.SelectMany(NmeaVectors.Line).ToArray();
        var decoded = FrameAndDecode(stream);
        Assert.Equal(Sentences.Length, decoded);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            FrameAndDecode(stream);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Writers_allocate_nothing_per_sentence()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        WriteAll(buffer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            buffer.ResetWrittenCount();
            WriteAll(buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(buffer.WrittenCount > 0);
    }

    private static int FrameAndDecode(byte[] stream)
    {
        var buffer = new ReadOnlySequence<byte>(stream);
        var framer = default(NmeaFramer);
        Span<byte> scratch = stackalloc byte[NmeaFramer.MaxLength];
        var decoded = 0;
        while (framer.TryReadFrame(ref buffer, out var frame, out _) == FrameStatus.Complete)
        {
            var span = FrameBytes.Contiguous(frame, scratch);
            if (!NmeaReader.TryCreate(span, out var reader))
            {
                continue;
            }

            var ok = reader.Type switch
            {
                NmeaSentenceType.Gga => reader.TryReadGga(out _),
                NmeaSentenceType.Rmc => reader.TryReadRmc(out _),
                NmeaSentenceType.Gst => reader.TryReadGst(out _),
                NmeaSentenceType.Vtg => reader.TryReadVtg(out _),
                NmeaSentenceType.Hdt => reader.TryReadHdt(out _),
                NmeaSentenceType.Zda => reader.TryReadZda(out _),
                NmeaSentenceType.Gsa => reader.TryReadGsa(out _),
                NmeaSentenceType.Gns => reader.TryReadGns(out _),
                NmeaSentenceType.Proprietary => DecodeDetector(ref reader),
                _ => true,
            };
            decoded += ok ? 1 : 0;
        }

        return decoded;
    }

    private static bool DecodeDetector(ref NmeaReader sentence)
    {
        if (!DetectorReader.TryCreate(ref sentence, out var reader))
        {
            return false;
        }

        return reader.Kind switch
        {
            DetectorSentenceKind.Sample => reader.TryReadSample(out _),
            DetectorSentenceKind.Alarm => reader.TryReadAlarm(out _),
            DetectorSentenceKind.Mark => reader.TryReadMark(out _),
            DetectorSentenceKind.Status => reader.TryReadStatus(out _),
            _ => reader.TryReadFault(out _),
        };
    }

    private static void WriteAll(ArrayBufferWriter<byte> buffer)
    {
        var time = new TimeOnly(8, 15, 30, 250);
        NmeaWriter.WriteGga(buffer, NmeaTalker.Gnss, new GgaData { Time = time, Latitude = 39.99310001, Longitude = 46.93, Quality = GnssFixQuality.RtkFixed, SatellitesUsed = 18, Hdop = 0.6, AltitudeMsl = 352.1, GeoidSeparation = -16.9, DifferentialAge = 1, DifferentialStation = 1 });
        NmeaWriter.WriteRmc(buffer, NmeaTalker.Gnss, new RmcData { Time = time, Status = (byte)'A', Latitude = 39.9931, Longitude = 46.93, SpeedKnots = 0.42, CourseTrue = 87.5, Date = new DateOnly(2026, 11, 23), Mode = (byte)'R', NavigationalStatus = (byte)'V' });
        NmeaWriter.WriteGst(buffer, NmeaTalker.Gnss, new GstData { Time = time, RangeRms = 0.012, SigmaMajor = 0.011, SigmaMinor = 0.008, Orientation = 35, SigmaLatitude = 0.009, SigmaLongitude = 0.01, SigmaAltitude = 0.018 });
        NmeaWriter.WriteVtg(buffer, NmeaTalker.Gnss, new VtgData { CourseTrue = 87.5, SpeedKnots = 0.42, SpeedKmh = 0.78, Mode = (byte)'R' });
        NmeaWriter.WriteHdt(buffer, NmeaTalker.Gnss, new HdtData { Heading = 87.52 });
        NmeaWriter.WriteZda(buffer, NmeaTalker.Gnss, new ZdaData { Time = time, Date = new DateOnly(2026, 11, 23), LocalZoneHours = 4, LocalZoneMinutes = 0 });
        NmeaWriter.WriteGsa(buffer, NmeaTalker.Gnss, new GsaData { SelectionMode = (byte)'A', FixType = 3, Pdop = 1.31, Hdop = 0.73, Vdop = 1.09, SystemId = 1 }.WithSatellites(SatelliteIds));
        NmeaWriter.WriteGns(buffer, NmeaTalker.Gnss, new GnsData { Time = time, Latitude = 39.9931, Longitude = 46.93, SatellitesUsed = 18, Hdop = 0.6, AltitudeMsl = 352.1 });
        var header = new DetectorHeader(1234, 5_321_460);
        DetectorWriter.WriteSample(buffer, new DetectorSample { Header = header, MetalAmplitude = 512, MetalPhase = -12, GprEnergy = 380, GprDepthCm = 12, Sensitivity = 7, BatteryPercent = 86, AlarmLevel = DetectorAlarmLevel.Dual });
        DetectorWriter.WriteAlarm(buffer, new DetectorAlarm { Header = header, EventId = 17, Class = DetectorAlarmClass.Dual, PeakMetal = 640 });
        DetectorWriter.WriteMark(buffer, new DetectorMark { Header = header, MarkId = 3, Kind = DetectorMarkKind.Suspect });
        DetectorWriter.WriteStatus(buffer, new DetectorStatus { Header = header, DeviceId = 40217, BatteryVolts = 7.42, SelfTestFlags = 0, FaultMask = 4 });
        DetectorWriter.WriteFault(buffer, new DetectorFault { Header = header, Code = DetectorFaultCode.LowBattery });
    }
}
