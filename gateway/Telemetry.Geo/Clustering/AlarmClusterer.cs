using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Detections;

namespace Telemetry.Geo.Clustering;

/// <summary>
/// Merges repeated alarms into suspected items: an alarm joins the nearest open item whose centroid is within
/// <see cref="ClusterOptions.RadiusM"/> and whose last alarm is within <see cref="ClusterOptions.Window"/>; otherwise it
/// opens a new item. Items idle longer than the window close and are handed out by <see cref="TryTakeClosed"/>.
/// Only fresh positions of metal, GPR and dual alarms take part (a stale or missing position cannot be matched
/// honestly; operator marks, detonations and drone anomalies are items in their own right).
/// Geometry is done in metres in a local frame at each item's first alarm. Allocation-free after construction
/// unless the consumer stops draining closed items. Not thread-safe.
/// </summary>
public sealed class AlarmClusterer
{
    private readonly ClusterOptions _options;
    private readonly long _windowNs;
    private readonly Item[] _open;
    private readonly Queue<SuspectedItem> _closed;
    private int _openCount;

    /// <summary>Creates a clusterer; validates the options.</summary>
    public AlarmClusterer(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _windowNs = options.Window.Ticks * 100;
        _open = new Item[options.MaxOpenItems];
        _closed = new Queue<SuspectedItem>(options.MaxOpenItems);
    }

    /// <summary>Items open now.</summary>
    public int OpenCount => _openCount;

    /// <summary>True for detections that take part in clustering.</summary>
    public static bool Participates(in GeotaggedDetection detection) =>
        detection.Input.Kind is DetectionKind.Metal or DetectionKind.Gpr or DetectionKind.Dual
        && detection.Position.Status is Geotagging.PositionStatus.Interpolated
            or Geotagging.PositionStatus.Exact
            or Geotagging.PositionStatus.Extrapolated;

    /// <summary>
    /// Adds an alarm. Returns the item's current state (with <paramref name="isNew"/> true if it opened one), or
    /// false if the detection does not take part. Items idle past the window at the alarm's time are closed first.
    /// </summary>
    public bool Add(in GeotaggedDetection detection, out SuspectedItem item, out bool isNew)
    {
        item = default;
        isNew = false;
        if (!Participates(detection))
        {
            return false;
        }

        Expire(detection.UtcNs);
        var lat = detection.Position.Latitude;
        var lon = detection.Position.Longitude;
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < _openCount; i++)
        {
            ref var candidate = ref _open[i];
            var (e, n, _) = candidate.Frame.ToLocal(lat, lon);
            var d = Math.Sqrt(((e - candidate.MeanEast) * (e - candidate.MeanEast)) + ((n - candidate.MeanNorth) * (n - candidate.MeanNorth)));
            if (d <= _options.RadiusM && d < bestDistance)
            {
                best = i;
                bestDistance = d;
            }
        }

        if (best < 0)
        {
            if (_openCount == _open.Length)
            {
                CloseAt(IdlestIndex());
            }

            best = _openCount++;
            _open[best] = new Item(detection);
            isNew = true;
        }
        else
        {
            _open[best].Join(detection, bestDistance);
        }

        item = _open[best].ToSuspectedItem();
        return true;
    }

    /// <summary>Closes every item whose last alarm is more than the window before <paramref name="utcNowNs"/>.</summary>
    public void Expire(long utcNowNs)
    {
        for (var i = _openCount - 1; i >= 0; i--)
        {
            if (utcNowNs - _open[i].LastUtcNs > _windowNs)
            {
                CloseAt(i);
            }
        }
    }

    /// <summary>Closes every open item (e.g. at the end of a task).</summary>
    public void CloseAll()
    {
        while (_openCount > 0)
        {
            CloseAt(_openCount - 1);
        }
    }

    /// <summary>Takes the next closed suspected item, oldest closure first.</summary>
    public bool TryTakeClosed(out SuspectedItem item) => _closed.TryDequeue(out item);

    private int IdlestIndex()
    {
        var idlest = 0;
        for (var i = 1; i < _openCount; i++)
        {
            if (_open[i].LastUtcNs < _open[idlest].LastUtcNs)
            {
                idlest = i;
            }
        }

        return idlest;
    }

    private void CloseAt(int index)
    {
        _closed.Enqueue(_open[index].ToSuspectedItem());
        _open[index] = _open[--_openCount];
        _open[_openCount] = default;
    }

    // Running centroid and spread by Welford's algorithm, per axis, in metres from the first alarm.
    private struct Item
    {
        public LocalFrame Frame;
        public double MeanEast;
        public double MeanNorth;
        public double SquaredDeviations;
        public int Count;
        public long LastUtcNs;
        private readonly Guid _firstId;
        private readonly long _firstSequence;
        private readonly long _firstUtcNs;
        private long _lastSequence;
        private double _maxJoin;
        private double _maxSigma;
        private int _kinds;

        public Item(in GeotaggedDetection first)
        {
            Frame = new LocalFrame(first.Position.Latitude, first.Position.Longitude);
            Count = 1;
            _firstId = first.Id;
            _firstSequence = _lastSequence = first.Sequence;
            _firstUtcNs = LastUtcNs = first.UtcNs;
            _maxSigma = first.Position.HorizontalSigma;
            _kinds = 1 << (int)first.Input.Kind;
        }

        public void Join(in GeotaggedDetection d, double distance)
        {
            var (e, n, _) = Frame.ToLocal(d.Position.Latitude, d.Position.Longitude);
            Count++;
            var de = e - MeanEast;
            var dn = n - MeanNorth;
            MeanEast += de / Count;
            MeanNorth += dn / Count;
            SquaredDeviations += (de * (e - MeanEast)) + (dn * (n - MeanNorth));
            LastUtcNs = Math.Max(LastUtcNs, d.UtcNs);
            _lastSequence = d.Sequence;
            _maxJoin = Math.Max(_maxJoin, distance);
            _maxSigma = Math.Max(_maxSigma, d.Position.HorizontalSigma);
            _kinds |= 1 << (int)d.Input.Kind;
        }

        public readonly SuspectedItem ToSuspectedItem()
        {
            var (lat, lon, _) = Frame.ToGeodetic(MeanEast, MeanNorth);
            return new SuspectedItem
            {
                FirstDetectionId = _firstId,
                FirstSequence = _firstSequence,
                LastSequence = _lastSequence,
                FirstUtcNs = _firstUtcNs,
                LastUtcNs = LastUtcNs,
                Count = Count,
                CentroidLatitude = lat,
                CentroidLongitude = lon,
                SpreadM = Math.Sqrt(SquaredDeviations / Count),
                MaxJoinDistanceM = _maxJoin,
                MaxHorizontalSigmaM = _maxSigma,
                KindMask = _kinds,
            };
        }
    }
}
