using System.Buffers;
using BenchmarkDotNet.Attributes;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Benchmarks.Mavlink;

/// <summary>
/// MAVLink per message type: frame + CRC + decode into the generated struct, and encode (truncate, CRC) into an
/// IBufferWriter. Each invocation handles <see cref="Frames"/> frames of one type.
/// </summary>
[MemoryDiagnoser]
public class MavlinkMessageBenchmarks
{
    private const int Frames = 1000;
    private readonly ArrayBufferWriter<byte> _output = new(Frames * MavlinkConstants.MaxFrameLength);
    private readonly FrameCounters _counters = new();
    private ReadOnlySequence<byte> _capture;
    private MavlinkFramer _framer = new();

    [Params("HEARTBEAT", "SYS_STATUS", "GPS_RAW_INT", "ATTITUDE", "GLOBAL_POSITION_INT", "SURVEY_DETECTION")]
    public string Message { get; set; } = "HEARTBEAT";

    [GlobalSetup]
    public void Setup()
    {
        _framer = new MavlinkFramer();
        _output.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
        {
            WriteOne(_output, (byte)i);
        }

        _capture = new ReadOnlySequence<byte>(_output.WrittenMemory.ToArray());
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long FrameAndDecode()
    {
        var buffer = _capture;
        var handler = new MavlinkDecodeHandler();
        FrameScanner.Scan(ref buffer, _framer, ref handler, _counters, isFinal: true);
        return handler.Sum;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Encode()
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
        {
            WriteOne(_output, (byte)i);
        }

        return _output.WrittenCount;
    }

    private void WriteOne(IBufferWriter<byte> output, byte seq)
    {
        var header = MavlinkHeader.ForSend(seq, 1, 1);
        switch (Message)
        {
            case "HEARTBEAT":
                MavlinkWriter.Write(output, header, MavlinkSamples.Heartbeat);
                break;
            case "SYS_STATUS":
                MavlinkWriter.Write(output, header, MavlinkSamples.SysStatus);
                break;
            case "GPS_RAW_INT":
                MavlinkWriter.Write(output, header, MavlinkSamples.GpsRawInt);
                break;
            case "ATTITUDE":
                MavlinkWriter.Write(output, header, MavlinkSamples.Attitude);
                break;
            case "GLOBAL_POSITION_INT":
                MavlinkWriter.Write(output, header, MavlinkSamples.GlobalPositionInt);
                break;
            default:
                MavlinkWriter.Write(output, header, MavlinkSamples.SurveyDetection);
                break;
        }
    }
}

/// <summary>
/// Frames per second on a mixed drone capture at the simulator's rates (domain.md §9: ATTITUDE 10 Hz, GPS_RAW_INT and
/// GLOBAL_POSITION_INT 5 Hz, HEARTBEAT and SYS_STATUS 1 Hz, a SURVEY_DETECTION now and then), unsigned and signed.
/// </summary>
[MemoryDiagnoser]
public class MavlinkMixedCaptureBenchmarks
{
    private const int Seconds = 50;
    private const int FramesPerSecond = 10 + 5 + 5 + 1 + 1 + 1;
    private const int Frames = Seconds * FramesPerSecond;
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private readonly FrameCounters _counters = new();
    private ReadOnlySequence<byte> _capture;
    private MavlinkFramer _framer = new();

    [Params(false, true)]
    public bool Signed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var output = new ArrayBufferWriter<byte>();
        var signer = Signed ? new MavlinkSigner(Key, 1) : null;
        byte seq = 0;
        for (var s = 0; s < Seconds; s++)
        {
            for (var i = 0; i < 10; i++)
            {
                MavlinkWriter.Write(output, MavlinkHeader.ForSend(seq++, 1, 1), MavlinkSamples.Attitude, signer);
            }

            for (var i = 0; i < 5; i++)
            {
                MavlinkWriter.Write(output, MavlinkHeader.ForSend(seq++, 1, 1), MavlinkSamples.GlobalPositionInt, signer);
                MavlinkWriter.Write(output, MavlinkHeader.ForSend(seq++, 1, 1), MavlinkSamples.GpsRawInt, signer);
            }

            MavlinkWriter.Write(output, MavlinkHeader.ForSend(seq++, 1, 1), MavlinkSamples.Heartbeat, signer);
            MavlinkWriter.Write(output, MavlinkHeader.ForSend(seq++, 1, 1), MavlinkSamples.SysStatus, signer);
            MavlinkWriter.Write(output, MavlinkHeader.ForSend(seq++, 1, 191), MavlinkSamples.SurveyDetection, signer);
        }

        _capture = new ReadOnlySequence<byte>(output.WrittenMemory.ToArray());
    }

    [IterationSetup]
    public void NewFramer()
    {
        // Signed captures replay the same timestamps every invocation; a fresh framer keeps them "new".
        _framer = new MavlinkFramer(Signed ? new MavlinkSigningOptions { Key = Key } : null);
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long MixedCapture()
    {
        var buffer = _capture;
        var handler = new MavlinkDecodeHandler();
        FrameScanner.Scan(ref buffer, _framer, ref handler, _counters, isFinal: true);
        return handler.Sum;
    }
}

/// <summary>Decodes every frame into its generated struct (a realistic consumer).</summary>
internal struct MavlinkDecodeHandler : IFrameHandler
{
    public long Sum;

    public void OnFrame(in ReadOnlySequence<byte> frame)
    {
        Span<byte> scratch = stackalloc byte[MavlinkConstants.MaxFrameLength];
        if (!MavlinkReader.TryCreate(FrameBytes.Contiguous(frame, scratch), out var reader))
        {
            return;
        }

        Sum += reader.Header.MessageId switch
        {
            Heartbeat.Id => Heartbeat.Read(reader.Payload).CustomMode,
            SysStatus.Id => SysStatus.Read(reader.Payload).VoltageBattery,
            GpsRawInt.Id => GpsRawInt.Read(reader.Payload).Lat,
            Attitude.Id => (long)Attitude.Read(reader.Payload).TimeBootMs,
            GlobalPositionInt.Id => GlobalPositionInt.Read(reader.Payload).Lon,
            SurveyDetection.Id => SurveyDetection.Read(reader.Payload).DetectionId,
            _ => 0,
        };
    }

    public readonly void OnRejected(FrameError error, long byteCount)
    {
        // Benchmarks feed valid captures; rejections would show up as fewer frames, not as time.
    }
}

/// <summary>Representative field values (domain.md §4.4, §9 scenario over Aghdam).</summary>
internal static class MavlinkSamples
{
    public static readonly Heartbeat Heartbeat = new() { Type = 2, Autopilot = 3, BaseMode = 0x51, SystemStatus = 4, MavlinkVersion = 3 };

    public static readonly SysStatus SysStatus = new()
    {
        OnboardControlSensorsPresent = 0x0020FC2F,
        OnboardControlSensorsEnabled = 0x0020FC2F,
        OnboardControlSensorsHealth = 0x0020FC2F,
        Load = 420,
        VoltageBattery = 23100,
        CurrentBattery = 1830,
        BatteryRemaining = 64,
    };

    public static readonly GpsRawInt GpsRawInt = new()
    {
        TimeUsec = 1763900000000000,
        FixType = 6,
        Lat = 399931000,
        Lon = 469300000,
        Alt = 350000,
        Eph = 70,
        Epv = 110,
        Vel = 500,
        Cog = 9000,
        SatellitesVisible = 21,
        HAcc = 14,
        VAcc = 22,
    };

    public static readonly Attitude Attitude = new() { TimeBootMs = 123456, Roll = 0.02f, Pitch = -0.05f, Yaw = 1.57f, Rollspeed = 0.001f };

    public static readonly GlobalPositionInt GlobalPositionInt = new()
    {
        TimeBootMs = 123456,
        Lat = 399931000,
        Lon = 469300000,
        Alt = 350000,
        RelativeAlt = 15000,
        Vx = 500,
        Hdg = 9000,
    };

    public static readonly SurveyDetection SurveyDetection = new()
    {
        TimeUsec = 1763900000000000,
        DetectionId = 42,
        Lat = 399931000,
        Lon = 469300000,
        Alt = 350000,
        Signal = 12.5f,
        HAcc = 15,
        Agl = 150,
        Sensor = 1,
        Classification = 1,
        Confidence = 87,
        LabelBuffer = SurveyDetection.LabelArray.From("MAG-ANOMALY"u8),
    };
}
