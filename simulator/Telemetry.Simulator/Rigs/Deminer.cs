using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Rigs;

/// <summary>
/// A deminer working 1 m lanes northwards: the search head sweeps across the lane (triangle wave at the sweep
/// speed) while the deminer advances a few centimetres per sweep; after each signal the deminer stops to mark and
/// investigate, which is what brings manual clearance down to tens of m² per hour. Lanes are taken in turn by the
/// team: deminer n of N works lanes n, n+N, n+2N...
/// </summary>
internal sealed class Deminer
{
    private readonly DetectorTeamSpec _team;
    private readonly int _index;
    private double _time;
    private double _sweepPhase;
    private double _forward;
    private int _laneRound;
    private double _investigateUntil = double.NegativeInfinity;

    public Deminer(DetectorTeamSpec team, int index)
    {
        _team = team;
        _index = index;
        Name = DeviceNaming.Detector(team.Name, index + 1)[..^"-detector".Length];
    }

    public string Name { get; }

    public bool Finished => LaneCentre > _team.Area.MaxEastM;

    public bool Investigating => _time < _investigateUntil;

    public double LaneCentre => _team.Area.MinEastM + ((_index + (_laneRound * _team.Deminers) + 0.5) * _team.LaneWidthM);

    private double TraverseSeconds => _team.LaneWidthM / _team.SweepSpeedMps;

    private double ForwardSpeed => _team.AdvancePerSweepM / TraverseSeconds;

    /// <summary>Advances the deminer to time t (never backwards).</summary>
    public void AdvanceTo(double t)
    {
        if (t <= _time)
        {
            return;
        }

        var working = Math.Max(0, t - Math.Max(_time, _investigateUntil));
        _time = t;
        if (Finished || working <= 0)
        {
            return;
        }

        _sweepPhase += working / TraverseSeconds;
        _forward += working * ForwardSpeed;
        var laneLength = _team.Area.MaxNorthM - _team.Area.MinNorthM;
        if (_forward >= laneLength)
        {
            // Next lane of this deminer: back to the base line, one team-width east.
            _forward = 0;
            _laneRound++;
        }
    }

    /// <summary>The deminer stops sweeping until t + investigate seconds (marking, prodding, excavating).</summary>
    public void Investigate(double t) => _investigateUntil = t + _team.InvestigateSeconds;

    /// <summary>Search-head centre. While investigating, the detector rests at the lane centre, lifted.</summary>
    public LocalPoint Head
    {
        get
        {
            var north = _team.Area.MinNorthM + _forward;
            if (Investigating || Finished)
            {
                return new LocalPoint(LaneCentre, north);
            }

            // Triangle wave in [-1, 1]: 0 → −1 → +1 over two traverses.
            var cycle = _sweepPhase % 2;
            var tri = cycle < 1 ? (2 * cycle) - 1 : 3 - (2 * cycle);
            return new LocalPoint(LaneCentre + (tri * _team.LaneWidthM / 2), north);
        }
    }

    /// <summary>Head height above ground: lifted to 0.5 m while investigating so it senses nothing.</summary>
    public double HeadHeight => Investigating || Finished ? 0.5 : _team.HeadHeightM;

    /// <summary>The GNSS antenna on the deminer, behind the lane centre.</summary>
    public LocalPoint Antenna => new(LaneCentre, _team.Area.MinNorthM + _forward - _team.AntennaBehindHeadM);

    public double BodySpeed => Investigating || Finished ? 0 : ForwardSpeed;
}
