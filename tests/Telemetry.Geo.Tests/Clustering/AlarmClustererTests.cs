using Telemetry.Geo.Clustering;
using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Tests.Clustering;

public sealed class AlarmClustererTests
{
    private static readonly LocalFrame Site = new(39.9995, 46.93, 0);
    private static readonly long T0 = 1_800_000_000_000_000_000;
    private static long _sequence;

    private static GeotaggedDetection Alarm(double east, double north, double seconds, DetectionKind kind = DetectionKind.Metal, PositionStatus status = PositionStatus.Interpolated)
    {
        var (lat, lon, _) = Site.ToGeodetic(east, north, 0);
        var seq = Interlocked.Increment(ref _sequence);
        return new GeotaggedDetection
        {
            Input = new DetectionInput("vmr3-0142", kind, 0, default, ReadOnlyMemory<byte>.Empty, "nmea0183"),
            Id = new Guid((int)seq, 0, 0, new byte[8]),
            Sequence = seq,
            UtcNs = T0 + (long)(seconds * 1e9),
            Position = GeoPosition.Unknown(PositionSource.RigGnss) with
            {
                Status = status,
                Latitude = lat,
                Longitude = lon,
                HorizontalSigma = 0.02,
            },
        };
    }

    [Fact]
    public void Repeated_alarms_within_radius_and_window_become_one_item_with_centroid_and_spread()
    {
        var clusterer = new AlarmClusterer(new ClusterOptions { RadiusM = 0.5, Window = TimeSpan.FromSeconds(60) });
        // Four sweeps over one buried item at (10, 20): alarms scattered ±0.1 m round it.
        (double E, double N)[] hits = [(10.1, 20.0), (9.9, 20.0), (10.0, 20.1), (10.0, 19.9)];
        var first = true;
        foreach (var (e, n) in hits)
        {
            Assert.True(clusterer.Add(Alarm(e, n, 1 + (hits.Length * 2)), out _, out var isNew));
            Assert.Equal(first, isNew);
            first = false;
        }

        clusterer.CloseAll();
        Assert.True(clusterer.TryTakeClosed(out var item));
        Assert.False(clusterer.TryTakeClosed(out _));
        Assert.Equal(4, item.Count);
        var (ce, cn, _) = Site.ToLocal(item.CentroidLatitude, item.CentroidLongitude, 0);
        Assert.Equal(10.0, ce, 1e-6);
        Assert.Equal(20.0, cn, 1e-6);
        Assert.Equal(0.1, item.SpreadM, 1e-6); // every hit is exactly 0.1 m from the centroid
        Assert.Equal(0.02, item.MaxHorizontalSigmaM);
        Assert.Equal(1 << (int)DetectionKind.Metal, item.KindMask);
    }

    [Fact]
    public void Alarms_beyond_the_radius_are_separate_items()
    {
        var clusterer = new AlarmClusterer(new ClusterOptions { RadiusM = 0.5 });

        clusterer.Add(Alarm(0, 0, 1), out var a, out _);
        clusterer.Add(Alarm(0.8, 0, 2), out var b, out var isNew);

        Assert.True(isNew);
        Assert.NotEqual(a.FirstDetectionId, b.FirstDetectionId);
        Assert.Equal(2, clusterer.OpenCount);
    }

    [Fact]
    public void An_item_idle_longer_than_the_window_closes_and_a_later_alarm_starts_anew()
    {
        var clusterer = new AlarmClusterer(new ClusterOptions { RadiusM = 0.5, Window = TimeSpan.FromSeconds(30) });

        clusterer.Add(Alarm(5, 5, 0), out _, out _);
        clusterer.Add(Alarm(5.1, 5, 20), out var joined, out _);
        clusterer.Add(Alarm(5, 5.1, 51), out var later, out var isNew); // 31 s after the last alarm

        Assert.Equal(2, joined.Count);
        Assert.True(isNew);
        Assert.Equal(1, later.Count);
        Assert.True(clusterer.TryTakeClosed(out var closed));
        Assert.Equal(2, closed.Count);
    }

    [Fact]
    public void Stale_positions_and_non_alarm_kinds_do_not_take_part()
    {
        var clusterer = new AlarmClusterer(new ClusterOptions());

        Assert.False(clusterer.Add(Alarm(0, 0, 1, status: PositionStatus.Stale), out _, out _));
        Assert.False(clusterer.Add(Alarm(0, 0, 1, status: PositionStatus.Held), out _, out _));
        Assert.False(clusterer.Add(Alarm(0, 0, 1, status: PositionStatus.None), out _, out _));
        Assert.False(clusterer.Add(Alarm(0, 0, 1, DetectionKind.Detonation), out _, out _));
        Assert.False(clusterer.Add(Alarm(0, 0, 1, DetectionKind.OperatorMark), out _, out _));
        Assert.True(clusterer.Add(Alarm(0, 0, 1, DetectionKind.Dual), out _, out _));
        Assert.True(clusterer.Add(Alarm(0.1, 0, 2, DetectionKind.Gpr), out var item, out _));
        Assert.Equal((1 << (int)DetectionKind.Dual) | (1 << (int)DetectionKind.Gpr), item.KindMask);
    }

    [Fact]
    public void When_full_the_idlest_item_is_closed_early_never_dropped()
    {
        var clusterer = new AlarmClusterer(new ClusterOptions { MaxOpenItems = 2, Window = TimeSpan.FromHours(1) });

        clusterer.Add(Alarm(0, 0, 1), out var oldest, out _);
        clusterer.Add(Alarm(10, 0, 2), out _, out _);
        clusterer.Add(Alarm(20, 0, 3), out _, out _);

        Assert.Equal(2, clusterer.OpenCount);
        Assert.True(clusterer.TryTakeClosed(out var closed));
        Assert.Equal(oldest.FirstDetectionId, closed.FirstDetectionId);
    }

    [Fact]
    public void Options_are_validated_with_the_key_named()
    {
        Assert.Equal("RadiusM", Assert.Throws<ArgumentException>(() => new AlarmClusterer(new ClusterOptions { RadiusM = 0 })).ParamName);
        Assert.Equal("Window", Assert.Throws<ArgumentException>(() => new AlarmClusterer(new ClusterOptions { Window = TimeSpan.Zero })).ParamName);
        Assert.Equal("MaxOpenItems", Assert.Throws<ArgumentException>(() => new AlarmClusterer(new ClusterOptions { MaxOpenItems = 0 })).ParamName);
    }
}
