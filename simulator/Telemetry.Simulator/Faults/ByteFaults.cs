using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Faults;

/// <summary>
/// Applies the byte-level faults active on one device at one instant to the bytes the device sends: EMI noise
/// ahead of the chunk, then dropped bytes, flipped bits, and a baud mismatch last (it acts on the line itself).
/// Draws only from the device's own fault stream, so faults never disturb the world's randomness.
/// </summary>
internal sealed class ByteFaults
{
    private readonly List<FaultSpec> _faults;
    private readonly SimRandom _random;
    private readonly int _configuredBaud;
    private double _lastTime = double.NaN;

    public ByteFaults(IEnumerable<FaultSpec> faults, SimRandom random, int configuredBaud)
    {
        _faults = faults.Where(f => f.Kind is FaultKind.Corrupt or FaultKind.Drop or FaultKind.Noise or FaultKind.BaudMismatch).ToList();
        _random = random;
        _configuredBaud = configuredBaud;
    }

    public bool IsEmpty => _faults.Count == 0;

    /// <summary>Returns the bytes the host would receive, or the input itself when no fault is active.</summary>
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> sent, double t, ref byte[]? scratch)
    {
        var dt = double.IsNaN(_lastTime) ? 0 : t - _lastTime;
        _lastTime = t;
        FaultSpec? noise = null, drop = null, corrupt = null, baud = null;
        foreach (var f in _faults)
        {
            if (t < f.At || t >= f.At + f.DurationSeconds)
            {
                continue;
            }

            switch (f.Kind)
            {
                case FaultKind.Noise: noise = f; break;
                case FaultKind.Drop: drop = f; break;
                case FaultKind.Corrupt: corrupt = f; break;
                default: baud = f; break;
            }
        }

        if (noise is null && drop is null && corrupt is null && baud is null)
        {
            return sent;
        }

        var bytes = new List<byte>(sent.Length + 64);
        if (noise is not null)
        {
            var count = _random.Poisson(noise.Rate * dt);
            for (var i = 0; i < count; i++)
            {
                bytes.Add((byte)_random.NextInt(256));
            }
        }

        foreach (var b in sent)
        {
            if (drop is not null && _random.Chance(drop.Rate))
            {
                continue;
            }

            // One flipped bit: what line noise on a UART does to a byte.
            bytes.Add(corrupt is not null && _random.Chance(corrupt.Rate) ? (byte)(b ^ (1 << _random.NextInt(8))) : b);
        }

        scratch = baud is null
            ? [.. bytes]
            : BaudMismatch.Resample(bytes.ToArray(), baud.ActualBaud, _configuredBaud);
        return scratch;
    }
}
