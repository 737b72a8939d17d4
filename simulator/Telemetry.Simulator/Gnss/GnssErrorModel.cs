using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Gnss;

/// <summary>
/// Receiver error: per-axis first-order Gauss–Markov processes (slowly wandering, as real GNSS error is) scaled by
/// the current fix mode, a little white noise on top, and the scripted degradations: RTK loss (fixed → float →
/// autonomous, then re-convergence through float), multipath jumps and dropouts (no output at all).
/// </summary>
internal sealed class GnssErrorModel
{
    private readonly GnssSpec _spec;
    private readonly SimRandom _random;
    private readonly LocalFrame _frame;
    private readonly List<(double Start, double End)> _rtkLoss = [];
    private readonly List<(double Start, double End)> _dropouts = [];
    private readonly List<(double Start, double End, double East, double North)> _multipath = [];
    private double _zEast;
    private double _zNorth;
    private double _zUp;
    private double _lastTime = double.NaN;
    private double _satellites;

    public GnssErrorModel(GnssSpec spec, SimRandom random, LocalFrame frame)
    {
        _spec = spec;
        _random = random;
        _frame = frame;
        _zEast = random.NextGaussian();
        _zNorth = random.NextGaussian();
        _zUp = random.NextGaussian();
        _satellites = random.Uniform(14, 20);
    }

    public double Period => 1 / _spec.RateHz;

    public void AddRtkLoss(double start, double end) => _rtkLoss.Add((start, end));

    public void AddDropout(double start, double end) => _dropouts.Add((start, end));

    public void AddMultipath(double start, double end, double jumpM)
    {
        // Direction drawn from a stream of its own so scripting a jump never shifts the receiver's noise.
        var direction = SimRandom.For((ulong)BitConverter.DoubleToInt64Bits(start), "multipath").Uniform(0, 2 * Math.PI);
        _multipath.Add((start, end, jumpM * Math.Sin(direction), jumpM * Math.Cos(direction)));
    }

    /// <summary>True while the receiver is silent.</summary>
    public bool IsDroppedOut(double t) => _dropouts.Any(d => t >= d.Start && t < d.End);

    public FixMode ModeAt(double t)
    {
        if (_spec.NominalFix is FixMode.Autonomous or FixMode.NoFix)
        {
            return _spec.NominalFix;
        }

        foreach (var (start, end) in _rtkLoss)
        {
            if (t >= start && t < end)
            {
                return t - start < _spec.FloatHoldSeconds ? FixMode.RtkFloat : FixMode.Autonomous;
            }

            if (t >= end && t < end + _spec.ReconvergeSeconds)
            {
                return FixMode.RtkFloat;
            }
        }

        return _spec.NominalFix;
    }

    /// <summary>One epoch. Must be called with non-decreasing times; the error processes advance by the gap.</summary>
    public GnssFix Sample(double t, LocalPoint truth, double trueAlt, double speed, double course, double heading)
    {
        var mode = ModeAt(t);
        var sigma = SigmaOf(mode);
        var tau = mode switch
        {
            FixMode.RtkFixed => 60.0,
            FixMode.RtkFloat => 30.0,
            _ => 120.0,
        };
        var dt = double.IsNaN(_lastTime) ? Period : Math.Max(0, t - _lastTime);
        _lastTime = t;
        var a = Math.Exp(-dt / tau);
        var b = Math.Sqrt(1 - (a * a));
        _zEast = (a * _zEast) + (b * _random.NextGaussian());
        _zNorth = (a * _zNorth) + (b * _random.NextGaussian());
        _zUp = (a * _zUp) + (b * _random.NextGaussian());
        _satellites = Math.Clamp(_satellites + _random.Gaussian(0, 0.05), 8, 24);

        // 95% of the error is the slow process; a quarter-sigma of white noise is the epoch-to-epoch jitter.
        var east = (sigma * _zEast) + (0.25 * sigma * _random.NextGaussian());
        var north = (sigma * _zNorth) + (0.25 * sigma * _random.NextGaussian());
        var up = (2 * sigma * _zUp) + (0.5 * sigma * _random.NextGaussian());
        foreach (var m in _multipath)
        {
            if (t >= m.Start && t < m.End)
            {
                east += m.East;
                north += m.North;
            }
        }

        var reported = _frame.ToGeo(new LocalPoint(truth.East + east, truth.North + north), trueAlt + up);
        var truthGeo = _frame.ToGeo(truth, trueAlt);

        // A receiver's own accuracy estimate is roughly right but not exact.
        var reportedSigma = sigma * (1 + (0.1 * _random.NextGaussian()));
        double? age = mode switch
        {
            FixMode.RtkFixed or FixMode.RtkFloat => CorrectionAge(t),
            _ => null,
        };
        var hdop = mode == FixMode.Autonomous ? 1.2 : 0.7;
        return new GnssFix(
            t, mode, reported, truthGeo, Math.Abs(reportedSigma), Math.Abs(reportedSigma), Math.Abs(2 * reportedSigma),
            (int)_satellites, hdop, age, speed, course, heading);
    }

    private double CorrectionAge(double t)
    {
        // Corrections arrive at 1 Hz; during a loss their age grows until the receiver gives up on them.
        foreach (var (start, end) in _rtkLoss)
        {
            if (t >= start && t < end)
            {
                return t - start;
            }
        }

        return t - Math.Floor(t);
    }

    private double SigmaOf(FixMode mode) => mode switch
    {
        FixMode.RtkFixed => _spec.SigmaFixedM,
        FixMode.RtkFloat => _spec.SigmaFloatM,
        _ => _spec.SigmaAutonomousM,
    };
}
