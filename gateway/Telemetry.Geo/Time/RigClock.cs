using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telemetry.Geo.Time;

/// <summary>
/// Per-rig record ordering: a monotonic sequence number, time-ordered UUIDv7 ids, and detection of system-clock
/// jumps. Records are numbered in the order they are stamped, never by their UTC time, so a clock that steps
/// backwards (NTP correction, RTC-less boot) can never reorder them; the UUIDv7 timestamp is held at its last value
/// while the clock is behind, and a counter keeps ids strictly increasing (RFC 9562 §6.2, method 1).
/// Not thread-safe: one instance per rig, used by the rig's pipeline.
/// </summary>
public sealed class RigClock
{
    private readonly long _jumpThresholdNs;
    private long _lastOffsetNs;
    private bool _haveOffset;
    private long _lastIdMs = long.MinValue;
    private int _counter;

    /// <summary>Creates the clock.</summary>
    /// <param name="nextSequence">The next sequence number (the outbox's last + 1 after a restart).</param>
    /// <param name="jumpThreshold">A change of (system UTC − monotonic) larger than this between samples is a jump.</param>
    public RigClock(long nextSequence = 1, TimeSpan? jumpThreshold = null)
    {
        NextSequence = nextSequence;
        _jumpThresholdNs = (long)((jumpThreshold ?? TimeSpan.FromMilliseconds(500)).Ticks * 100);
    }

    /// <summary>The sequence number the next record gets.</summary>
    public long NextSequence { get; private set; }

    /// <summary>System-clock jumps detected since start.</summary>
    public long ClockJumps { get; private set; }

    /// <summary>Size of the last jump detected, ns (positive = clock stepped forward).</summary>
    public long LastJumpNs { get; private set; }

    /// <summary>
    /// Feeds a clock reading; returns true if the system clock jumped since the previous reading by more than the
    /// threshold (the monotonic clock never jumps, so a change of their difference is the system clock stepping).
    /// </summary>
    public bool Observe(in SystemClockSample sample)
    {
        var offset = sample.UtcNs - sample.MonotonicNs;
        var jumped = false;
        if (_haveOffset && Math.Abs(offset - _lastOffsetNs) > _jumpThresholdNs)
        {
            ClockJumps++;
            LastJumpNs = offset - _lastOffsetNs;
            jumped = true;
        }

        _lastOffsetNs = offset;
        _haveOffset = true;
        return jumped;
    }

    /// <summary>Takes the next sequence number and a UUIDv7 strictly greater than every id issued before.</summary>
    public long Next(long utcNs, out Guid id)
    {
        id = NewId(utcNs);
        return NextSequence++;
    }

    private Guid NewId(long utcNs)
    {
        var ms = Math.Max(0, utcNs / 1_000_000);
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        if (ms > _lastIdMs)
        {
            _lastIdMs = ms;
            _counter = BinaryPrimitives.ReadUInt16BigEndian(random) & 0x7FF; // random start, top bit clear: ≥ 2048 steps of headroom
        }
        else if (++_counter > 0xFFF)
        {
            _lastIdMs++; // counter exhausted (or clock behind): advance the timestamp, as RFC 9562 §6.2 allows
            _counter = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        var unixMs = (ulong)_lastIdMs & 0xFFFF_FFFF_FFFF;
        BinaryPrimitives.WriteUInt64BigEndian(bytes, unixMs << 16);
        bytes[6] = (byte)(0x70 | ((_counter >> 8) & 0x0F)); // version 7 + rand_a high nibble (counter)
        bytes[7] = (byte)_counter;
        random[2..10].CopyTo(bytes[8..]);
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
