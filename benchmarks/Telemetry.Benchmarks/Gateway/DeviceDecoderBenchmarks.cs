using System.Buffers;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Geotagging;
using PositionSource = Telemetry.Geo.Gnss.PositionSource;
using Telemetry.Geo.Time;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Benchmarks.Gateway;

/// <summary>
/// The gateway's machine and drone decoder stages on one second of field traffic (framer + decoder + state JSON at the
/// configured rate): 10 Hz EEC1/CCVS1/LFE1/MEMATT_TOOL and 1 Hz ET1/DD/VP/MEMATT_SHOCK over SLCAN; 10 Hz ATTITUDE, 5 Hz
/// GPS_RAW_INT + GLOBAL_POSITION_INT, 1 Hz HEARTBEAT/SYS_STATUS over MAVLink 2 (the simulator's rates, domain.md §9).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class DeviceDecoderBenchmarks
{
    private readonly GatewayCounters _counters = new();
    private byte[] _slcan = [];
    private byte[] _mavlink = [];
    private SlcanDeviceDecoder? _machine;
    private MavlinkDeviceDecoder? _drone;
    private FrameCounters _framing = new();
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new GatewayClock(TimeProvider.System, () => _now += 1_000_000);
        var telemetry = new TelemetryBuffer(_counters);
        var detections = Channel.CreateUnbounded<PendingDetection>();
        var gnss = new GnssEpochAssembler("gnss", _counters, PositionSource.DroneGnss);
        var sink = new DetectionSink(detections.Writer, _counters, "dev", new Geotagger(new GeotagOptions(), gnss.Track, new RigClock()), gnss);
        _machine = new SlcanDeviceDecoder("can", clock, _counters, telemetry, sink, 1);
        _drone = new MavlinkDeviceDecoder("drone", clock, _counters, telemetry, sink, gnss, 2);

        var can = new ArrayBufferWriter<byte>();
        Span<byte> data = stackalloc byte[8];
        for (var tick = 0; tick < 10; tick++)
        {
            var stamp = (ushort)(tick * 100);
            foreach (var group in tick == 0
                ? new[] { J1939Catalog.Eec1, J1939Catalog.Ccvs1, J1939Catalog.Lfe1, J1939Catalog.MemattTool, J1939Catalog.Et1, J1939Catalog.Dd, J1939Catalog.Vp, J1939Catalog.MemattShock }
                : [J1939Catalog.Eec1, J1939Catalog.Ccvs1, J1939Catalog.Lfe1, J1939Catalog.MemattTool])
            {
                group.FillNotAvailable(data);
                for (var i = 0; i < group.Parameters.Count; i++)
                {
                    group[i].Write(data, 10 + i);
                }

                SlcanWriter.WriteFrame(can, J1939Writer.CreateFrame(J1939Id.Create(6, group.Pgn, 0x00), data), stamp);
            }
        }

        _slcan = can.WrittenSpan.ToArray();
        var mav = new ArrayBufferWriter<byte>();
        byte seq = 0;
        var start = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        for (var tick = 0; tick < 10; tick++)
        {
            MavlinkWriter.Write(mav, MavlinkHeader.ForSend(seq++, 1, 1), new Attitude { TimeBootMs = (uint)tick * 100, Yaw = 1.5f });
            if (tick % 2 == 0)
            {
                MavlinkWriter.Write(mav, MavlinkHeader.ForSend(seq++, 1, 1), new GpsRawInt
                {
                    TimeUsec = start + ((ulong)tick * 100_000), FixType = 6, Lat = 399931000 + tick, Lon = 469300000, Alt = 351_000, Eph = 70, Vel = 300, Cog = 9000, SatellitesVisible = 18, HAcc = 15,
                });
                MavlinkWriter.Write(mav, MavlinkHeader.ForSend(seq++, 1, 1), new GlobalPositionInt { TimeBootMs = (uint)tick * 100, Lat = 399931000, Lon = 469300000, Hdg = 9000 });
            }

            if (tick == 0)
            {
                MavlinkWriter.Write(mav, MavlinkHeader.ForSend(seq++, 1, 1), new Heartbeat { Type = 2, Autopilot = 3, SystemStatus = 4, MavlinkVersion = 3 });
                MavlinkWriter.Write(mav, MavlinkHeader.ForSend(seq++, 1, 1), new SysStatus { VoltageBattery = 24000, BatteryRemaining = 80 });
            }
        }

        _mavlink = mav.WrittenSpan.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _counters.Dispose();

    /// <summary>One second of MEMATT bus traffic (44 SLCAN lines).</summary>
    [Benchmark]
    public long MachineSecond()
    {
        var buffer = new ReadOnlySequence<byte>(_slcan);
        var handler = new SlcanDeviceDecoder.Handler(_machine!, _counters, "can");
        FrameScanner.Scan(ref buffer, new SlcanFramer(), ref handler, _framing, isFinal: true);
        return _framing.Frames;
    }

    /// <summary>One second of drone link traffic (22 MAVLink frames).</summary>
    [Benchmark]
    public long DroneSecond()
    {
        var buffer = new ReadOnlySequence<byte>(_mavlink);
        var handler = new MavlinkDeviceDecoder.Handler(_drone!, _counters, "drone");
        FrameScanner.Scan(ref buffer, new MavlinkFramer(), ref handler, _framing, isFinal: true);
        return _framing.Frames;
    }
}
