using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Time;

namespace Telemetry.Benchmarks.Geo;

/// <summary>
/// Per-detection cost of geotagging (time mapping, bracket search, ENU interpolation, lever arm, accuracy) and of
/// serialising the record (incl. UTM + MGRS). A 10 Hz RTK track of 256 epochs, detections spread across it.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the instance; [GlobalCleanup] disposes the writer.")]
public class GeotagBenchmarks
{
    private const long StartUtcNs = 1_778_832_930_000_000_000; // 2026-05-15T08:15:30Z
    private const long MonoBaseNs = 5_000_000_000_000;
    private static readonly byte[] Evidence = Encoding.ASCII.GetBytes("$PXDMA,0042,812,655,340,0,none*5B\r\n");

    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private Geotagger _tagger = null!;
    private DetectionRecordWriter _writer = null!;
    private DetectionInput _input;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        var frame = new LocalFrame(39.9995, 46.93, 300);
        for (var k = 0; k < 256; k++)
        {
            var t = k * 0.1;
            var (lat, lon, h) = frame.ToGeodetic(0.8 * t, 0.3 * t, 0);
            track.Add(new GnssFix(StartUtcNs + (k * 100_000_000L), MonoBaseNs + (k * 100_000_000L) + 30_000_000, lat, lon, GnssFixType.RtkFixed)
            {
                AltitudeMsl = h + 16.9,
                GeoidSeparation = -16.9,
                Satellites = 18,
                Hdop = 0.6,
                SigmaLatitude = 0.01,
                SigmaLongitude = 0.012,
                SigmaAltitude = 0.02,
                SpeedMps = 0.854,
                CourseDeg = 69.4,
                HeadingDeg = 69.4,
            });
        }

        _tagger = new Geotagger(new GeotagOptions { LeverArm = new LeverArm(1.5, 0.2, 1.1) }, track, new RigClock());
        _writer = new DetectionRecordWriter(new RecordIdentity("AZ-AGD-2026-017", "rig-07", "sha256:3f1c9a0b"));
        _input = new DetectionInput(
            "vmr3-0142",
            DetectionKind.Metal,
            0,
            new DetectionSignal { EventId = 42, MdAmplitude = 812, GprEnergy = 655, DurationMs = 340, AlarmLevel = 1 },
            Evidence,
            "nmea0183");
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark]
    public double Geotag()
    {
        var d = _tagger.Geotag(NextInput(), Now());
        return d.Position.Latitude;
    }

    [Benchmark]
    public int GeotagAndSerialize()
    {
        var d = _tagger.Geotag(NextInput(), Now());
        _output.ResetWrittenCount();
        _writer.Write(d, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public double UtmForward() => Utm.FromLatLon(39.9931, 46.9270).Easting;

    private DetectionInput NextInput()
    {
        _i = (_i + 37) % 2500; // pseudo-random times within the 25.5 s track
        return _input with { MonotonicNs = MonoBaseNs + 100_000_000 + (_i * 10_000_000L) };
    }

    private static SystemClockSample Now() => new(StartUtcNs + 25_600_000_000, MonoBaseNs + 25_600_000_000, true);
}
