using System.Buffers;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Tests.Support;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Detections;

/// <summary>
/// Device data is never trusted: random epochs with nonsense fields (NaN, ±∞, negative speeds and HDOPs, out-of-order
/// and duplicate times, absurd clocks) must never make geotagging or serialisation throw, and every record written
/// must still satisfy the schema.
/// </summary>
public sealed class GarbageInputTests
{
    private static readonly double[] Nasty = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, 0, 1e300, -1e-300, 361, 720.5];

    private static Gen<double> Value(double lo, double hi) =>
        Gen.Frequency((3, Gen.Choose(0, 1_000_000).Select(i => lo + ((hi - lo) * i / 1_000_000.0))), (1, Gen.Elements(Nasty)));

    [Fact]
    public void Nonsense_fixes_and_times_never_throw_and_records_stay_valid()
    {
        var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Schemas", "detection.schema.json")));
        var fix =
            from dt in Gen.Choose(-50, 200)
            from lat in Value(39, 41)
            from lon in Value(46, 48)
            from type in Gen.Choose(-1, 10)
            from hdop in Value(0, 5)
            from sigma in Value(0, 3)
            from speed in Value(-2, 5)
            from course in Value(-10, 370)
            from heading in Value(0, 360)
            from alt in Value(0, 500)
            select (dt, lat, lon, type, hdop, sigma, speed, course, heading, alt);
        var scenario =
            from fixes in Gen.ListOf(fix, 40)
            from events in Gen.ArrayOf(Gen.Frequency((5, Gen.Choose(-2_000, 12_000).Select(ms => ms * 1_000_000L)), (1, Gen.Elements(long.MinValue / 2, long.MaxValue / 2, 0L))), 10)
            from synced in Gen.Elements(true, false)
            select (fixes, events, synced);

        Prop.ForAll(Arb.From(scenario), s =>
        {
            var track = new GnssTrack(16, notBeforeUtc: new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var tagger = new Geotagger(new GeotagOptions { LeverArm = new LeverArm(1, -0.3, 0.8) }, track, new RigClock());
            var utc = SyntheticTrack.StartUtcNs;
            foreach (var f in s.fixes)
            {
                utc += f.dt * 1_000_000L;
                track.Add(new GnssFix(utc, utc - SyntheticTrack.StartUtcNs + SyntheticTrack.MonotonicBaseNs, f.lat, f.lon, (GnssFixType)f.type)
                {
                    Hdop = f.hdop, SigmaLatitude = f.sigma, SigmaLongitude = f.sigma, SpeedMps = f.speed,
                    CourseDeg = f.course, HeadingDeg = f.heading, AltitudeMsl = f.alt, GeoidSeparation = -16.9,
                });
            }

            using var writer = new DetectionRecordWriter(new RecordIdentity("site", "rig", "hash"));
            foreach (var offset in s.events)
            {
                var mono = SyntheticTrack.MonotonicBaseNs + offset;
                var d = tagger.Geotag(TestDetections.Metal(mono), new SystemClockSample(SyntheticTrack.StartUtcNs + offset, mono, s.synced));
                var output = new ArrayBufferWriter<byte>();
                writer.Write(d, output);
                using var json = JsonDocument.Parse(output.WrittenMemory);
                var errors = SchemaValidator.Validate(schema.RootElement, json.RootElement);
                if (errors.Count > 0 || (d.Position.HasCoordinates && !(d.Position.HorizontalSigma >= 0)))
                {
                    return false.Label(string.Join("; ", errors) + " " + json.RootElement.GetRawText());
                }
            }

            return true.Label("ok");
        }).QuickCheckThrowOnFailure();
    }
}
