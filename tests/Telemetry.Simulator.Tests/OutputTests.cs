using Telemetry.Drivers.Capture;
using Telemetry.Drivers.Gpio;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

public sealed class OutputTests
{
    [Fact]
    public void Alarm_lines_on_the_simulated_chip_follow_the_alarms_of_the_ground_truth()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        using var chip = new SimulatedGpioChip(lineCount: 16);
        var recorder = new RecordingGpio();
        var sinks = ScenarioValidator.DeviceNames(scenario).ToDictionary(n => n, _ => (IDeviceSink)new MemorySink(false), StringComparer.Ordinal);
        using var runner = new SimulationRunner(new SimulationOptions
        {
            Scenario = scenario,
            Seed = 11,
            DurationSeconds = 240,
            MaxSpeed = true,
            Sinks = sinks,
            Gpio = new Fanout(new SimulatedChipGpio(chip), recorder),
        });
        runner.RunToEnd();
        var alarms = runner.Truth.Events.Where(e => e.Kind == TruthEventKind.Alarm && e.Device == "team-1-d1-detector").ToList();
        Assert.NotEmpty(alarms);
        var rising = recorder.Changes.Where(c => c.Line == 0 && c.High).Select(c => c.Time).ToList();
        Assert.Equal(alarms.Select(a => a.Time).Order(), rising);
        Assert.Equal(alarms.Count, recorder.Changes.Count(c => c.Line == 0 && !c.High));

        // Marks on line 1, one per mark in the truth; the chip ends with every line low.
        var marks = runner.Truth.Events.Count(e => e.Kind == TruthEventKind.Mark && e.Device == "team-1-d1-detector");
        Assert.Equal(marks, recorder.Changes.Count(c => c.Line == 1 && c.High));
        Assert.False(chip.GetLevel(0));
    }

    [Fact]
    public void Capture_files_hold_the_device_bytes_with_simulation_time_offsets()
    {
        var directory = Directory.CreateTempSubdirectory("sim-capture-");
        try
        {
            var scenario = ScenarioLoader.Load("aghdam") with
            {
                Faults = [new FaultSpec { Kind = FaultKind.Unplug, Device = "team-1-d1-gnss", At = 3, DurationSeconds = 2 }],
            };
            using (var runner = new SimulationRunner(new SimulationOptions { Scenario = scenario, DurationSeconds = 10, MaxSpeed = true, OutputDirectory = directory.FullName }))
            {
                runner.RunToEnd();
            }

            using var reader = CaptureReader.Open(Path.Combine(directory.FullName, "team-1-d1-gnss.cap"));
            Assert.Equal(scenario.Start, reader.StartedUtc);
            var data = new List<CaptureRecord>();
            var events = new List<string>();
            while (reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.Data)
                {
                    data.Add(record with { Payload = record.Payload.ToArray() });
                }
                else
                {
                    events.Add(System.Text.Encoding.UTF8.GetString(record.Payload.Span));
                }
            }

            // 10 Hz epochs over 10 s minus the 2 s unplugged; offsets are epoch times exactly.
            Assert.Equal(80, data.Count);
            Assert.Equal(0, data[0].OffsetNs);
            Assert.Equal(100_000_000, data[1].OffsetNs);
            Assert.DoesNotContain(data, r => r.OffsetNs >= 3_000_000_000 && r.OffsetNs < 5_000_000_000);
            Assert.Equal(2, events.Count);
            Assert.True(File.Exists(Path.Combine(directory.FullName, "truth.geojson")));
            Assert.Equal(0, Decoding.Nmea(data.SelectMany(r => r.Payload.ToArray()).ToArray()).Counters.RejectedTotal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_device_on_a_pseudo_terminal_is_read_through_its_link_path_and_unplugged_on_cue()
    {
        var directory = Directory.CreateTempSubdirectory("sim-pty-");
        try
        {
            var link = Path.Combine(directory.FullName, "gnss");
            var scenario = ScenarioLoader.Load("aghdam") with
            {
                Faults = [new FaultSpec { Kind = FaultKind.Unplug, Device = "team-1-d1-gnss", At = 2, DurationSeconds = 1 }],
            };
            using var runner = new SimulationRunner(new SimulationOptions
            {
                Scenario = scenario,
                DurationSeconds = 4,
                MaxSpeed = true,
                PtyLinks = new Dictionary<string, string> { ["team-1-d1-gnss"] = link },
            });
            Assert.Equal(link, runner.DevicePath("team-1-d1-gnss"));
            var pty = (PtySink)runner.Sinks["team-1-d1-gnss"];
            await using var slave = new FileStream(link, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
            runner.RunUntil(1);
            await pty.DrainAsync(TestContext.Current.CancellationToken);

            // One second at 10 Hz: ten epochs, read through the real tty.
            var received = new MemoryStream();
            var buffer = new byte[4096];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (Decoding.Nmea(received.ToArray()).Frames.Count(f => Decoding.TypeOf(f) == "GGA") < 10)
            {
                var n = await slave.ReadAsync(buffer, timeout.Token);
                Assert.True(n > 0, "pty closed early");
                received.Write(buffer, 0, n);
            }

            var (frames, counters) = Decoding.Nmea(received.ToArray());
            Assert.Equal(0, counters.RejectedTotal);
            Assert.Equal(10, frames.Count(f => Decoding.TypeOf(f) == "GGA"));

            runner.RunUntil(2.5);
            await pty.DrainAsync(TestContext.Current.CancellationToken);
            Assert.False(pty.IsPlugged);
            Assert.False(File.Exists(link));
            runner.RunToEnd();
            await pty.DrainAsync(TestContext.Current.CancellationToken);
            Assert.True(pty.IsPlugged);
            Assert.True(File.Exists(link));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class Fanout(params Devices.IGpioOutput[] outputs) : Devices.IGpioOutput
    {
        public void SetLine(int offset, bool high, double simTime)
        {
            foreach (var output in outputs)
            {
                output.SetLine(offset, high, simTime);
            }
        }
    }
}
