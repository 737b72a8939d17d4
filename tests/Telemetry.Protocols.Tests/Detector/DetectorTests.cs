using System.Buffers;
using System.Text;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;
using Telemetry.Protocols.Tests.Nmea;

namespace Telemetry.Protocols.Tests.Detector;

public sealed class DetectorTests
{
    // The examples of docs/protocols/detector.md; checksums computed there independently (Python XOR).
    public const string Sample = "$PXDMD,1234,5321.46,512,-12,380,12,7,86,3*6E";
    public const string SampleMetalOnly = "$PXDMD,1235,5321.48,37,,,,7,86,0*46";
    public const string AlarmOnset = "$PXDMA,1240,5321.6,17,O,D,640,410,*50";
    public const string AlarmOffset = "$PXDMA,1262,5322.04,17,F,D,702,455,440*5E";
    public const string Mark = "$PXDMM,1300,5325.1,3,S,17*1A";
    public const string Status = "$PXDMS,1301,5325.12,40217,VMR3,7.42,86,MDGPR,L,0000,0000*26";
    public const string StatusWithFault = "$PXDMS,1303,5326,40217,VMR3,7.41,86,MDGPR,L,0000,0004*0D";
    public const string Fault = "$PXDMF,1302,5325.2,2,S,*17";

    public static TheoryData<string> Examples => new(Sample, SampleMetalOnly, AlarmOnset, AlarmOffset, Mark, Status, StatusWithFault, Fault);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Spec_examples_frame_at_every_split_point_and_every_prefix_is_incomplete(string sentence)
    {
        var line = NmeaVectors.Line(sentence);
        foreach (var (shape, sequence) in Segmentation.AllShapes(line))
        {
            var buffer = sequence;
            Assert.True(new NmeaFramer().TryReadFrame(ref buffer, out var frame, out _) == FrameStatus.Complete, shape);
            Assert.Equal(line, frame.ToArray());
            Assert.True(buffer.IsEmpty);
        }

        foreach (var prefix in Segmentation.StrictPrefixes(line))
        {
            var buffer = prefix;
            Assert.Equal(FrameStatus.NeedMoreData, new NmeaFramer().TryReadFrame(ref buffer, out _, out _));
            Assert.Equal(prefix.Length, buffer.Length);
        }
    }

    [Fact]
    public void Sample_decodes_every_field()
    {
        var reader = Read(Sample);
        Assert.Equal(DetectorSentenceKind.Sample, reader.Kind);
        Assert.True(reader.TryReadSample(out var sample));
        Assert.Equal(
            new DetectorSample
            {
                Header = new DetectorHeader(1234, 5_321_460),
                MetalAmplitude = 512,
                MetalPhase = -12,
                GprEnergy = 380,
                GprDepthCm = 12,
                Sensitivity = 7,
                BatteryPercent = 86,
                AlarmLevel = DetectorAlarmLevel.Dual,
            },
            sample);
    }

    [Fact]
    public void Metal_only_sample_has_gpr_fields_absent()
    {
        Assert.True(Read(SampleMetalOnly).TryReadSample(out var sample));
        Assert.Null(sample.MetalPhase);
        Assert.Null(sample.GprEnergy);
        Assert.Null(sample.GprDepthCm);
        Assert.Equal(DetectorAlarmLevel.None, sample.AlarmLevel);
    }

    [Fact]
    public void Alarm_onset_and_offset()
    {
        Assert.True(Read(AlarmOnset).TryReadAlarm(out var onset));
        Assert.Equal(
            new DetectorAlarm { Header = new DetectorHeader(1240, 5_321_600), EventId = 17, Edge = DetectorEdge.Onset, Class = DetectorAlarmClass.Dual, PeakMetal = 640, PeakGpr = 410 },
            onset);
        Assert.True(Read(AlarmOffset).TryReadAlarm(out var offset));
        Assert.Equal(DetectorEdge.Offset, offset.Edge);
        Assert.Equal(440, offset.DurationMs);
        Assert.Equal(5_322_040, offset.Header.UptimeMs);
    }

    [Fact]
    public void Mark_status_and_fault()
    {
        Assert.True(Read(Mark).TryReadMark(out var mark));
        Assert.Equal(new DetectorMark { Header = new DetectorHeader(1300, 5_325_100), MarkId = 3, Kind = DetectorMarkKind.Suspect, EventId = 17 }, mark);

        Assert.True(Read(Status).TryReadStatus(out var status));
        Assert.Equal(
            new DetectorStatus
            {
                Header = new DetectorHeader(1301, 5_325_120),
                DeviceId = 40217,
                Model = DetectorModel.From("VMR3"),
                BatteryVolts = 7.42,
                BatteryPercent = 86,
                DualSensor = true,
                GroundBalance = (byte)'L',
                SelfTestFlags = 0,
                FaultMask = 0,
            },
            status);
        Assert.True(Read(StatusWithFault).TryReadStatus(out var faulty));
        Assert.Equal(1 << (int)DetectorFaultCode.SensorOverload, faulty.FaultMask);
        Assert.Equal(5_326_000, faulty.Header.UptimeMs);

        Assert.True(Read(Fault).TryReadFault(out var fault));
        Assert.Equal(new DetectorFault { Header = new DetectorHeader(1302, 5_325_200), Code = DetectorFaultCode.SensorOverload, Edge = DetectorEdge.Onset }, fault);
    }

    [Theory]
    [InlineData("PXDMD,,5321.46,512,,,,7,86,0")]
    [InlineData("PXDMD,65536,5321.46,512,,,,7,86,0")]
    [InlineData("PXDMD,1,-1,512,,,,7,86,0")]
    [InlineData("PXDMD,1,1.2345,512,,,,7,86,0")]
    [InlineData("PXDMD,1,5,1024,,,,7,86,0")]
    [InlineData("PXDMD,1,5,12,91,,,7,86,0")]
    [InlineData("PXDMD,1,5,12,,,,11,86,0")]
    [InlineData("PXDMD,1,5,12,,,,7,86,4")]
    [InlineData("PXDMA,1,5,,O,D,1,1,")]
    [InlineData("PXDMA,1,5,17,X,D,1,1,")]
    [InlineData("PXDMA,1,5,17,O,Q,1,1,")]
    [InlineData("PXDMM,1,5,3,Z,")]
    [InlineData("PXDMS,1,5,40217,vmr3,7.4,86,MD,L,0,0")]
    [InlineData("PXDMS,1,5,40217,VMR3,7.4,86,GPR,L,0,0")]
    [InlineData("PXDMS,1,5,40217,VMR3,7.4,86,MD,L,G,0")]
    [InlineData("PXDMF,1,5,9,S,")]
    [InlineData("PXDMF,1,5,2,S,1.5")]
    public void Malformed_fields_fail_the_sentence(string body)
    {
        var line = NmeaTestSentences.WithChecksum(body);
        var frame = NmeaTestSentences.Frame(line);
        if (!DetectorReader.TryCreate(frame, out var reader))
        {
            return;
        }

        var ok = reader.Kind switch
        {
            DetectorSentenceKind.Sample => reader.TryReadSample(out _),
            DetectorSentenceKind.Alarm => reader.TryReadAlarm(out _),
            DetectorSentenceKind.Mark => reader.TryReadMark(out _),
            DetectorSentenceKind.Status => reader.TryReadStatus(out _),
            _ => reader.TryReadFault(out _),
        };
        Assert.False(ok, body);
    }

    [Fact]
    public void Other_proprietary_sentences_and_undefined_letters_are_not_detector_sentences()
    {
        Assert.False(DetectorReader.TryCreate(NmeaTestSentences.Frame(NmeaTestSentences.WithChecksum("PUBX,00,1")), out _));
        Assert.False(DetectorReader.TryCreate(NmeaTestSentences.Frame(NmeaTestSentences.WithChecksum("PXDMZ,1,5")), out _));
        Assert.False(DetectorReader.TryCreate(NmeaTestSentences.Frame(NmeaVectors.Line(NmeaVectors.SpecGga)), out _));
    }

    [Fact]
    public void Writer_round_trips_every_sentence()
    {
        var random = new Random(99);
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 300; i++)
        {
            var header = new DetectorHeader((ushort)random.Next(0, 65536), random.NextInt64(0, 4_000_000_000));
            var sample = new DetectorSample
            {
                Header = header,
                MetalAmplitude = Maybe(random, 0, 1023),
                MetalPhase = Maybe(random, -90, 90),
                GprEnergy = Maybe(random, 0, 1023),
                GprDepthCm = Maybe(random, 0, 99),
                Sensitivity = Maybe(random, 1, 10),
                BatteryPercent = Maybe(random, 0, 100),
                AlarmLevel = (DetectorAlarmLevel?)Maybe(random, 0, 3),
            };
            var alarm = new DetectorAlarm
            {
                Header = header,
                EventId = random.Next(0, 65536),
                Edge = (DetectorEdge)random.Next(2),
                Class = (DetectorAlarmClass)"MGD"[random.Next(3)],
                PeakMetal = Maybe(random, 0, 1023),
                PeakGpr = Maybe(random, 0, 1023),
                DurationMs = Maybe(random, 0, 86_400_000),
            };
            var mark = new DetectorMark { Header = header, MarkId = random.Next(0, 65536), Kind = (DetectorMarkKind)"SFR"[random.Next(3)], EventId = Maybe(random, 0, 65535) };
            var status = new DetectorStatus
            {
                Header = header,
                DeviceId = random.Next(),
                Model = DetectorModel.From(new[] { "VMH3", "VMH4", "VMR3", "F3", "AN19", "HSTAMIDS", "SIM" }[random.Next(7)]),
                BatteryVolts = Maybe(random, 0, 9900) / 100.0,
                BatteryPercent = Maybe(random, 0, 100),
                DualSensor = random.Next(3) switch { 0 => null, 1 => true, _ => false },
                GroundBalance = random.Next(4) == 0 ? null : (byte)"LTN"[random.Next(3)],
                SelfTestFlags = Maybe(random, 0, 0xFFFF),
                FaultMask = Maybe(random, 0, 0x3E),
            };
            var fault = new DetectorFault { Header = header, Code = (DetectorFaultCode)random.Next(1, 6), Edge = (DetectorEdge)random.Next(2), Detail = Maybe(random, -999_999, 999_999) };

            Assert.Equal(sample, Write(buffer, b => DetectorWriter.WriteSample(b, sample), (ref DetectorReader r, out DetectorSample d) => r.TryReadSample(out d)));
            Assert.Equal(alarm, Write(buffer, b => DetectorWriter.WriteAlarm(b, alarm), (ref DetectorReader r, out DetectorAlarm d) => r.TryReadAlarm(out d)));
            Assert.Equal(mark, Write(buffer, b => DetectorWriter.WriteMark(b, mark), (ref DetectorReader r, out DetectorMark d) => r.TryReadMark(out d)));
            Assert.Equal(status, Write(buffer, b => DetectorWriter.WriteStatus(b, status), (ref DetectorReader r, out DetectorStatus d) => r.TryReadStatus(out d)));
            Assert.Equal(fault, Write(buffer, b => DetectorWriter.WriteFault(b, fault), (ref DetectorReader r, out DetectorFault d) => r.TryReadFault(out d)));
        }
    }

    [Fact]
    public void Writer_keeps_lines_within_nmea_82_characters()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var header = new DetectorHeader(65535, 4_294_967_295);
        DetectorWriter.WriteStatus(buffer, new DetectorStatus
        {
            Header = header,
            DeviceId = int.MaxValue,
            Model = DetectorModel.From("HSTAMIDS"),
            BatteryVolts = 99,
            BatteryPercent = 100,
            DualSensor = true,
            GroundBalance = (byte)'L',
            SelfTestFlags = 0xFFFF,
            FaultMask = 0xFFFF,
        });
        Assert.True(buffer.WrittenCount <= 82, Encoding.ASCII.GetString(buffer.WrittenSpan));
        Assert.Equal("$PXDMS,65535,4294967.295,2147483647,HSTAMIDS,99.00,100,MDGPR,L,FFFF,FFFF*", Encoding.ASCII.GetString(buffer.WrittenSpan)[..^4]);
    }

    private delegate bool ReadFn<T>(ref DetectorReader reader, out T data);

    private static T Write<T>(ArrayBufferWriter<byte> buffer, Action<IBufferWriter<byte>> write, ReadFn<T> read)
    {
        buffer.ResetWrittenCount();
        write(buffer);
        var line = buffer.WrittenSpan.ToArray();
        Assert.True(DetectorReader.TryCreate(NmeaTestSentences.Frame(line), out var reader), Encoding.ASCII.GetString(line));
        Assert.True(read(ref reader, out var data), Encoding.ASCII.GetString(line));
        return data;
    }

    private static int? Maybe(Random random, int min, int max) => random.Next(5) == 0 ? null : random.Next(min, max + 1);

    private static DetectorReader Read(string sentence)
    {
        Assert.True(DetectorReader.TryCreate(NmeaTestSentences.Frame(NmeaVectors.Line(sentence)), out var reader));
        return reader;
    }
}
