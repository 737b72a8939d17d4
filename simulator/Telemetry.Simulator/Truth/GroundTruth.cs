using Telemetry.Simulator.Core;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Truth;

/// <summary>Which family of sensor a device or a detection belongs to (the scoring groups by it).</summary>
public enum SensorKind
{
    /// <summary>Handheld detector of a deminer.</summary>
    Detector,

    /// <summary>Tiller machine (its detections are detonations).</summary>
    Mematt,

    /// <summary>Survey drone.</summary>
    Drone,
}

/// <summary>What a truth event is.</summary>
public enum TruthEventKind
{
    /// <summary>A detector alarm, at the head position at alarm onset.</summary>
    Alarm,

    /// <summary>An operator mark after an alarm.</summary>
    Mark,

    /// <summary>A mine detonated under the tiller, at the item's position.</summary>
    Detonation,

    /// <summary>A drone survey detection, at the anomaly's true source (or the drone's ground point if false).</summary>
    DroneDetection,
}

/// <summary>One thing the simulator caused, with where and when it really happened.</summary>
public sealed record TruthEvent(
    int Id,
    TruthEventKind Kind,
    string Device,
    SensorKind Sensor,
    double Time,
    LocalPoint Position,
    int? ItemId,
    string? ItemClass,
    double? EndTime = null,
    double? PeakTime = null,
    LocalPoint? PeakPosition = null);

/// <summary>Everything known to be true about a run, collected as it happens and written as GeoJSON at the end.</summary>
public sealed class GroundTruth
{
    private readonly List<TruthEvent> _events = [];
    private readonly Dictionary<string, List<(double Time, LocalPoint Position, bool Working)>> _tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Dictionary<SensorKind, double>> _passedOver = [];
    private readonly Dictionary<int, (double Time, bool Detonated)> _destroyed = [];
    private readonly Dictionary<int, double> _excavated = [];
    private readonly List<(double Time, string Kind, string? Device, string Detail)> _faults = [];
    private readonly object _gate = new();

    internal GroundTruth(Minefield field, LocalFrame frame)
    {
        Field = field;
        Frame = frame;
    }

    /// <summary>The site frame (origin) truth positions are relative to.</summary>
    public LocalFrame Frame { get; }

    /// <summary>Events so far, in time order.</summary>
    public IReadOnlyList<TruthEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    internal Minefield Field { get; }

    internal IReadOnlyDictionary<string, List<(double Time, LocalPoint Position, bool Working)>> Tracks => _tracks;

    internal IReadOnlyDictionary<int, Dictionary<SensorKind, double>> PassedOver => _passedOver;

    internal IReadOnlyDictionary<int, (double Time, bool Detonated)> Destroyed => _destroyed;

    internal IReadOnlyDictionary<int, double> Excavated => _excavated;

    internal IReadOnlyList<(double Time, string Kind, string? Device, string Detail)> Faults => _faults;

    internal TruthEvent AddEvent(TruthEventKind kind, string device, SensorKind sensor, double time, LocalPoint position, BuriedItem? item,
        double? endTime = null, double? peakTime = null, LocalPoint? peakPosition = null)
    {
        lock (_gate)
        {
            var e = new TruthEvent(_events.Count + 1, kind, device, sensor, time, position, item?.Id, item?.Class.ToString(), endTime, peakTime, peakPosition);
            _events.Add(e);
            return e;
        }
    }

    internal void AddTrackPoint(string rig, double time, LocalPoint position, bool working)
    {
        if (!_tracks.TryGetValue(rig, out var track))
        {
            _tracks[rig] = track = [];
        }

        track.Add((time, position, working));
    }

    internal void PassOver(BuriedItem item, SensorKind sensor, double time)
    {
        if (!_passedOver.TryGetValue(item.Id, out var bySensor))
        {
            _passedOver[item.Id] = bySensor = [];
        }

        bySensor.TryAdd(sensor, time);
    }

    internal void Destroy(BuriedItem item, double time, bool detonated)
    {
        item.DestroyedAt = time;
        _destroyed[item.Id] = (time, detonated);
    }

    internal void Excavate(BuriedItem item, double time)
    {
        item.ExcavatedAt = time;
        _excavated[item.Id] = time;
    }

    internal void AddFault(double time, string kind, string? device, string detail) => _faults.Add((time, kind, device, detail));
}
