using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

/// <summary>Each scripted fault has its scripted effect, inside its window and nowhere else.</summary>
public sealed class FaultTests
{
    private static Scenario With(params FaultSpec[] faults) => ScenarioLoader.Load("aghdam") with { Faults = faults };

    [Fact]
    public void Corrupted_bytes_cost_checksum_rejections_only_inside_the_window()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.Corrupt, Device = "team-1-d1-detector", At = 5, DurationSeconds = 10, Rate = 0.01 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 25);
        using (runner)
        {
            var sink = sinks["team-1-d1-detector"];
            Assert.Equal(0, Decoding.Nmea(sink.BytesBetween(0, 5)).Counters.RejectedTotal);
            Assert.Equal(0, Decoding.Nmea(sink.BytesBetween(15, 25)).Counters.RejectedTotal);
            var inside = Decoding.Nmea(sink.BytesBetween(5, 15)).Counters;
            Assert.True(inside.Rejected(FrameError.Checksum) > 0, "no checksum rejections while bytes were corrupted");
            Assert.Equal(0, Decoding.Nmea(sinks["team-1-d2-detector"].Bytes).Counters.RejectedTotal);
        }
    }

    [Fact]
    public void Dropped_bytes_lose_frames_on_the_can_adapter()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.Drop, Device = "mematt-1-can", At = 5, DurationSeconds = 10, Rate = 0.02 });
        var (clean, cleanSinks) = SimRuns.Run(With(), 5, 20);
        var (runner, sinks) = SimRuns.Run(scenario, 5, 20);
        using (clean)
        using (runner)
        {
            var (frames, counters) = Decoding.Slcan(sinks["mematt-1-can"].Bytes);
            var (cleanFrames, _) = Decoding.Slcan(cleanSinks["mematt-1-can"].Bytes);
            Assert.True(counters.RejectedTotal > 0);
            Assert.True(frames.Count < cleanFrames.Count);
            Assert.Equal(0, Decoding.Slcan(sinks["mematt-1-can"].BytesBetween(15, 20)).Counters.RejectedTotal);
        }
    }

    [Fact]
    public void A_noise_burst_is_skipped_as_noise_and_the_link_keeps_decoding()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.Noise, Device = "drone-1-mavlink", At = 5, DurationSeconds = 5, Rate = 2000 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 20);
        using (runner)
        {
            var (frames, counters) = Decoding.Mavlink(sinks["drone-1-mavlink"].Bytes);
            Assert.True(counters.RejectedTotal > 0);
            Assert.True(counters.RejectedBytes >= 5000, $"only {counters.RejectedBytes} bytes rejected for ≈10000 injected");

            // 20 s at 10 ATTITUDE/s: resynchronisation may cost a frame next to the noise, never the stream.
            Assert.InRange(frames.Count(f => f[7] == 30), 180, 200);
            Assert.Equal(0, Decoding.Mavlink(sinks["drone-1-mavlink"].BytesBetween(10, 20)).Counters.RejectedTotal);
        }
    }

    [Fact]
    public void Unplug_silences_the_device_for_the_window_and_replugs_it()
    {
        var plugs = new List<(string Device, bool Plugged)>();
        var scenario = With(new FaultSpec { Kind = FaultKind.Unplug, Device = "team-1-d1-gnss", At = 10, DurationSeconds = 8 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 25, new SimulationHooks { DevicePlug = (d, p) => plugs.Add((d, p)) });
        using (runner)
        {
            var sink = sinks["team-1-d1-gnss"];
            Assert.Equal([(10.0, false), (18.0, true)], sink.PlugChanges);
            Assert.Empty(sink.BytesBetween(10, 18));
            Assert.NotEmpty(sink.BytesBetween(18, 19));
            Assert.NotEmpty(sink.BytesBetween(9, 10));
            Assert.Equal([("team-1-d1-gnss", false), ("team-1-d1-gnss", true)], plugs);
        }
    }

    [Fact]
    public void Baud_mismatch_garbles_the_window_and_nothing_else()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.BaudMismatch, Device = "mematt-1-gnss", At = 5, DurationSeconds = 5, ActualBaud = 9600 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 15);
        using (runner)
        {
            var sink = sinks["mematt-1-gnss"];
            var (inside, counters) = Decoding.Nmea(sink.BytesBetween(5, 10));
            Assert.Empty(inside);
            Assert.True(counters.RejectedTotal > 0);
            Assert.Equal(0, Decoding.Nmea(sink.BytesBetween(10, 15)).Counters.RejectedTotal);
            Assert.Equal(50, Decoding.Nmea(sink.BytesBetween(0, 5)).Frames.Count(f => Decoding.TypeOf(f) == "GGA"));
        }
    }

    [Fact]
    public void Rtk_loss_goes_fixed_float_autonomous_and_reconverges()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.RtkLoss, Device = "team-1-d1-gnss", At = 10, DurationSeconds = 30 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 50);
        using (runner)
        {
            var sink = sinks["team-1-d1-gnss"];
            Assert.Equal([GnssFixQuality.RtkFixed], Qualities(sink.BytesBetween(0, 10)));
            Assert.Equal([GnssFixQuality.RtkFloat], Qualities(sink.BytesBetween(10, 30)));
            Assert.Equal([GnssFixQuality.Gps], Qualities(sink.BytesBetween(30, 40)));
            Assert.Equal([GnssFixQuality.RtkFloat], Qualities(sink.BytesBetween(40, 45)));
            Assert.Equal([GnssFixQuality.RtkFixed], Qualities(sink.BytesBetween(45, 50)));
        }
    }

    [Fact]
    public void Gnss_dropout_means_no_gga_in_the_window()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.GnssDropout, Device = "mematt-1-gnss", At = 10, DurationSeconds = 10 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 30);
        using (runner)
        {
            var sink = sinks["mematt-1-gnss"];
            Assert.Empty(sink.BytesBetween(10, 20));
            Assert.Equal(100, Decoding.Nmea(sink.BytesBetween(0, 10)).Frames.Count(f => Decoding.TypeOf(f) == "GGA"));
            Assert.Equal(100, Decoding.Nmea(sink.BytesBetween(20, 30)).Frames.Count(f => Decoding.TypeOf(f) == "GGA"));
        }
    }

    [Fact]
    public void Multipath_jumps_the_reported_position_by_the_scripted_distance()
    {
        var scenario = With(new FaultSpec { Kind = FaultKind.Multipath, Device = "mematt-1-gnss", At = 10, DurationSeconds = 10, JumpM = 2 });
        var (runner, sinks) = SimRuns.Run(scenario, 5, 30);
        using (runner)
        {
            var frame = runner.Truth.Frame;
            var fixes = Positions(sinks["mematt-1-gnss"].Bytes).Select(p => frame.ToLocal(p.Lat, p.Lon)).ToList();

            // 10 Hz fixes of a machine at ≈0.3 m/s move centimetres per epoch, except across the jump's edges.
            var steps = fixes.Zip(fixes.Skip(1), (a, b) => a.DistanceTo(b)).ToList();
            Assert.InRange(steps[99], 1.9, 2.1);
            Assert.InRange(steps[199], 1.9, 2.1);
            Assert.All(steps.Where((_, i) => i != 99 && i != 199), s => Assert.True(s < 0.2, $"step {s} m"));
        }
    }

    [Fact]
    public void Clock_jump_and_broker_outage_reach_the_hooks_at_their_times()
    {
        SimulationRunner? holder = null;
        var jumps = new List<(TimeSpan Offset, double At)>();
        var outages = new List<(bool Down, double At)>();
        var scenario = With(
            new FaultSpec { Kind = FaultKind.ClockJump, At = 7, OffsetSeconds = 3600 },
            new FaultSpec { Kind = FaultKind.BrokerOutage, At = 10, DurationSeconds = 5 });
        var hooks = new SimulationHooks
        {
            ClockJump = o => jumps.Add((o, holder!.Now)),
            BrokerOutage = down => outages.Add((down, holder!.Now)),
        };
        var sinks = ScenarioValidator.DeviceNames(scenario).ToDictionary(n => n, _ => (Outputs.IDeviceSink)new Outputs.MemorySink(false), StringComparer.Ordinal);
        using var runner = new SimulationRunner(new SimulationOptions { Scenario = scenario, DurationSeconds = 20, MaxSpeed = true, Hooks = hooks, Sinks = sinks });
        holder = runner;
        runner.RunUntil(6.9);
        Assert.Equal(TimeSpan.Zero, runner.RigClock.Offset);
        runner.RunToEnd();
        Assert.Equal([(TimeSpan.FromHours(1), 7.0)], jumps);
        Assert.Equal([(true, 10.0), (false, 15.0)], outages);
        Assert.Equal(scenario.Start.AddSeconds(20).AddHours(1), runner.RigClock.GetUtcNow());
    }

    private static List<GnssFixQuality> Qualities(byte[] bytes) =>
        [.. Decoding.Nmea(bytes).Frames.Where(f => Decoding.TypeOf(f) == "GGA").Select(f =>
        {
            Assert.True(NmeaReader.TryCreate(f, out var reader));
            Assert.True(reader.TryReadGga(out var gga));
            return gga.Quality!.Value;
        }).Distinct()];

    private static List<(double Lat, double Lon)> Positions(ReadOnlyMemory<byte> bytes) =>
        [.. Decoding.Nmea(bytes).Frames.Where(f => Decoding.TypeOf(f) == "GGA").Select(f =>
        {
            Assert.True(NmeaReader.TryCreate(f, out var reader));
            Assert.True(reader.TryReadGga(out var gga));
            return (gga.Latitude!.Value, gga.Longitude!.Value);
        })];
}
