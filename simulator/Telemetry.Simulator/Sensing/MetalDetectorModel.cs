using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Sensing;

/// <summary>One detector reading.</summary>
internal readonly record struct DetectorReading(double Md, double Gpr, double DepthCm, BuriedItem? Dominant, double DominantSignal);

/// <summary>
/// Dual-sensor search head (domain.md §2.5). Metal channel A = Σ s·(r₀/r)⁴ with r₀ = 10 cm (near-field dipole
/// falloff, n = 4), s = metal grams × coupling, r the distance from the head to the item's top; plus ground
/// mineralisation left after ground balance (a smooth field, 1 m correlation), Gaussian noise and EMI spikes.
/// GPR channel: volume objects under a narrow footprint, attenuated with depth. Both saturate at 1023.
/// </summary>
internal sealed class MetalDetectorModel
{
    public const double FullScale = 1023;
    private const double ReferenceDistance = 0.1;
    private const double SearchRadius = 1.0;
    private readonly Minefield _field;
    private readonly DetectorTeamSpec _spec;
    private readonly SimRandom _random;
    private readonly ulong _groundSeed;
    private double _emiUntil = double.NegativeInfinity;
    private double _emiLevel;

    public MetalDetectorModel(Minefield field, DetectorTeamSpec spec, SimRandom random, ulong groundSeed)
    {
        _field = field;
        _spec = spec;
        _random = random;
        _groundSeed = groundSeed;
    }

    public DetectorReading Sense(LocalPoint head, double headHeight, double t, double dt)
    {
        var state = new SenseState(head, headHeight);
        _field.ForEachNear(head, SearchRadius, ref state, static (item, ref s) => s.Add(item));

        var md = state.Md + (Ground(head) * _spec.GroundAmplitude) + _random.Gaussian(0, _spec.NoiseSigma);
        if (t >= _emiUntil && _random.Chance(_spec.EmiSpikesPerSecond * dt))
        {
            // An EMI burst (radio, machine ignition) lasting a few samples: enough to cause the odd false alarm.
            _emiUntil = t + _random.Uniform(0.05, 0.25);
            _emiLevel = _random.Uniform(50, 600);
        }

        if (t < _emiUntil)
        {
            md += _emiLevel;
        }

        var gpr = state.Gpr + Math.Abs(_random.Gaussian(0, 10));
        var depthCm = state.GprDepthM * 100;
        return new DetectorReading(
            Math.Clamp(md, 0, FullScale), Math.Clamp(gpr, 0, FullScale), Math.Clamp(depthCm, 0, 40), state.Dominant, state.DominantSignal);
    }

    /// <summary>Mineralisation in [−1, 1]: bilinear value noise over a 1 m lattice hashed from the seed.</summary>
    private double Ground(LocalPoint p)
    {
        var x0 = Math.Floor(p.East);
        var y0 = Math.Floor(p.North);
        var fx = p.East - x0;
        var fy = p.North - y0;
        var a = Lattice((long)x0, (long)y0);
        var b = Lattice((long)x0 + 1, (long)y0);
        var c = Lattice((long)x0, (long)y0 + 1);
        var d = Lattice((long)x0 + 1, (long)y0 + 1);
        var top = a + ((b - a) * fx);
        var bottom = c + ((d - c) * fx);
        return top + ((bottom - top) * fy);
    }

    private double Lattice(long x, long y)
    {
        var h = _groundSeed ^ ((ulong)x * 0x9E3779B97F4A7C15UL) ^ ((ulong)y * 0xC2B2AE3D27D4EB4FUL);
        h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        return ((h >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }

    private struct SenseState(LocalPoint head, double height)
    {
        public double Md;
        public double Gpr;
        public double GprDepthM;
        public BuriedItem? Dominant;
        public double DominantSignal;
        private double _bestGpr;

        public void Add(BuriedItem item)
        {
            var horizontalSquared = item.Position.DistanceSquaredTo(head);
            var vertical = item.DepthM + height;
            var rSquared = horizontalSquared + (vertical * vertical);
            var ratioSquared = ReferenceDistance * ReferenceDistance / rSquared;
            var signal = item.MdStrength * ratioSquared * ratioSquared;
            Md += signal;
            if (signal > DominantSignal)
            {
                DominantSignal = signal;
                Dominant = item;
            }

            // GPR footprint ≈ 15 cm; two-way attenuation ≈ e-fold per 30 cm of soil.
            var gpr = FullScale * item.Kind.GprResponse * Math.Exp(-horizontalSquared / 0.0225) * Math.Exp(-item.DepthM / 0.3);
            Gpr += gpr;
            if (gpr > _bestGpr)
            {
                _bestGpr = gpr;
                GprDepthM = item.DepthM;
            }
        }
    }
}
