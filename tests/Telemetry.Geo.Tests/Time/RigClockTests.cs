using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Time;

public sealed class RigClockTests
{
    [Fact]
    public void Ids_are_version_7_variant_10_and_carry_the_unix_milliseconds()
    {
        var clock = new RigClock();
        var utc = new DateTimeOffset(2026, 5, 15, 8, 15, 30, 123, TimeSpan.Zero);

        clock.Next(utc.ToUnixTimeMilliseconds() * 1_000_000, out var id);

        Span<byte> bytes = stackalloc byte[16];
        Assert.True(id.TryWriteBytes(bytes, bigEndian: true, out _));
        Assert.Equal(7, bytes[6] >> 4);
        Assert.Equal(0b10, bytes[8] >> 6);
        var ms = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.Equal(utc.ToUnixTimeMilliseconds(), ms);
        Assert.Equal(7, id.Version);
    }

    [Fact]
    public void A_clock_stepping_back_an_hour_never_reorders_sequence_or_ids()
    {
        var clock = new RigClock(nextSequence: 1000);
        var mono = 10_000_000_000L;
        var utc = 1_800_000_000_000_000_000L;
        var ids = new List<string>();
        var seqs = new List<long>();
        var jumps = 0;
        for (var i = 0; i < 5000; i++)
        {
            mono += 1_000_000; // 1 ms apart: many ids share a millisecond
            if (i == 2500)
            {
                utc -= 3_600_000_000_000; // NTP steps the clock back one hour
            }

            utc += 1_000_000;
            if (clock.Observe(new SystemClockSample(utc, mono, true)))
            {
                jumps++;
            }

            seqs.Add(clock.Next(utc, out var id));
            ids.Add(id.ToString("D"));
        }

        Assert.Equal(1, jumps);
        Assert.Equal(1, clock.ClockJumps);
        Assert.Equal(-3_600_000_000_000, clock.LastJumpNs);
        Assert.Equal(Enumerable.Range(1000, 5000).Select(i => (long)i), seqs);
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"id {i} not after id {i - 1}: {ids[i - 1]} {ids[i]}");
        }
    }

    [Fact]
    public void Many_ids_in_one_millisecond_stay_strictly_increasing()
    {
        var clock = new RigClock();
        var previous = string.Empty;
        for (var i = 0; i < 10_000; i++)
        {
            clock.Next(1_800_000_000_000_000_000, out var id);
            var s = id.ToString("D");
            Assert.True(string.CompareOrdinal(previous, s) < 0);
            previous = s;
        }
    }

    [Fact]
    public void Small_drift_is_not_a_jump()
    {
        var clock = new RigClock(jumpThreshold: TimeSpan.FromMilliseconds(500));

        Assert.False(clock.Observe(new SystemClockSample(1_000_000_000, 0, true)));
        Assert.False(clock.Observe(new SystemClockSample(2_000_400_000, 1_000_000_000, true))); // +0.4 s slew
        Assert.True(clock.Observe(new SystemClockSample(3_600_000_000_000, 2_000_000_000, true)));
        Assert.Equal(1, clock.ClockJumps);
    }

    [Fact]
    public void Device_clock_maps_with_the_minimum_delay_and_resets_on_reboot()
    {
        var mapper = new DeviceClockMapper(window: 8);
        Assert.False(mapper.TryToMonotonic(0, out _));

        long[] delaysMs = [12, 5, 30, 7, 9];
        for (var i = 0; i < delaysMs.Length; i++)
        {
            var device = (i + 1) * 20_000_000L; // device seconds since boot, 50 Hz
            mapper.Observe(device, 7_000_000_000 + device + (delaysMs[i] * 1_000_000));
        }

        Assert.True(mapper.TryToMonotonic(200_000_000, out var mono));
        Assert.Equal(7_000_000_000 + 200_000_000 + 5_000_000, mono);

        mapper.Observe(10_000_000, 9_000_000_000); // device time went back: it rebooted
        Assert.Equal(1, mapper.Resets);
        Assert.True(mapper.TryToMonotonic(20_000_000, out mono));
        Assert.Equal(9_010_000_000, mono);
    }
}
