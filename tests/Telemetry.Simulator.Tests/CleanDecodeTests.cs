using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Nmea;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

public sealed class CleanDecodeTests
{
    private const double Seconds = 30;

    [Fact]
    public void Every_device_decodes_with_zero_errors_when_no_fault_is_scripted()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (runner, sinks) = SimRuns.Run(scenario, 3, Seconds);
        using (runner)
        {
            foreach (var (device, sink) in sinks)
            {
                if (device.EndsWith("-can", StringComparison.Ordinal))
                {
                    continue;
                }

                var (frames, counters) = device.EndsWith("-mavlink", StringComparison.Ordinal) ? Decoding.Mavlink(sink.Bytes) : Decoding.Nmea(sink.Bytes);
                Assert.True(frames.Count > 0, $"{device}: no frames");
                Assert.Equal(0, counters.RejectedTotal);
                Assert.Equal(sink.ByteCount, frames.Sum(f => (long)f.Length));
            }
        }
    }

    [Fact]
    public void Gnss_streams_carry_every_epoch_with_rtk_fixed_quality()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (runner, sinks) = SimRuns.Run(scenario, 3, Seconds);
        using (runner)
        {
            var gnss = sinks["team-1-d1-gnss"];
            var (frames, _) = Decoding.Nmea(gnss.Bytes);
            var ggas = frames.Where(f => Decoding.TypeOf(f) == "GGA").ToList();
            var rate = scenario.Rigs.DetectorTeams[0].Gnss.RateHz;
            Assert.Equal((int)(Seconds * rate), ggas.Count);
            foreach (var frame in ggas)
            {
                Assert.True(NmeaReader.TryCreate(frame, out var reader));
                Assert.True(reader.TryReadGga(out var gga));
                Assert.Equal(GnssFixQuality.RtkFixed, gga.Quality);
                Assert.InRange(gga.Latitude!.Value, 39.99, 40.0);
                Assert.InRange(gga.Longitude!.Value, 46.92, 46.94);
            }
        }
    }

    [Fact]
    public void Detector_streams_carry_samples_at_the_sample_rate_and_status_at_1_hz()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (runner, sinks) = SimRuns.Run(scenario, 3, Seconds);
        using (runner)
        {
            var (frames, _) = Decoding.Nmea(sinks["team-1-d1-detector"].Bytes);
            var samples = 0;
            var statuses = 0;
            foreach (var frame in frames)
            {
                Assert.True(DetectorReader.TryCreate(frame, out var reader));
                switch (reader.Kind)
                {
                    case DetectorSentenceKind.Sample:
                        Assert.True(reader.TryReadSample(out var sample));
                        Assert.InRange(sample.MetalAmplitude!.Value, 0, 1023);
                        samples++;
                        break;
                    case DetectorSentenceKind.Status:
                        statuses++;
                        break;
                }
            }

            Assert.Equal((int)(Seconds * scenario.Rigs.DetectorTeams[0].SampleRateHz), samples);
            Assert.Equal((int)Seconds, statuses);
        }
    }

    [Fact]
    public void Drone_link_carries_the_survey_message_set()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (runner, sinks) = SimRuns.Run(scenario, 3, Seconds);
        using (runner)
        {
            var (frames, _) = Decoding.Mavlink(sinks["drone-1-mavlink"].Bytes);
            var ids = new Dictionary<uint, int>();
            foreach (var frame in frames)
            {
                Assert.True(MavlinkReader.TryCreate(frame, out var reader));
                ids[reader.Header.MessageId] = ids.GetValueOrDefault(reader.Header.MessageId) + 1;
            }

            Assert.Equal((int)Seconds, ids[0]);
            Assert.Equal((int)Seconds, ids[1]);
            Assert.Equal((int)(Seconds * 10), ids[30]);
            Assert.Equal((int)(Seconds * 5), ids[33]);
            Assert.Equal((int)(Seconds * 5), ids[24]);
        }
    }
}
