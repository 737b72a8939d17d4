using System.Net;
using System.Net.Sockets;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

public sealed class RunnerTests
{
    [Fact]
    public async Task A_paced_run_gives_the_same_bytes_as_a_full_speed_run()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (fast, fastSinks) = SimRuns.Run(scenario, 6, 5);
        var pacedSinks = ScenarioValidator.DeviceNames(scenario).ToDictionary(n => n, _ => new MemorySink(), StringComparer.Ordinal);
        using (fast)
        using (var paced = new SimulationRunner(new SimulationOptions
        {
            Scenario = scenario,
            Seed = 6,
            DurationSeconds = 5,
            Speed = 100,
            Sinks = pacedSinks.ToDictionary(p => p.Key, p => (IDeviceSink)p.Value, StringComparer.Ordinal),
        }))
        {
            await paced.RunAsync(TestContext.Current.CancellationToken);
            Assert.Equal(5, paced.Now);
            foreach (var (device, sink) in fastSinks)
            {
                Assert.True(sink.Bytes.Span.SequenceEqual(pacedSinks[device].Bytes.Span), device);
            }
        }
    }

    [Fact]
    public void Scripted_faults_are_deterministic_too()
    {
        var scenario = ScenarioLoader.Load(SimRuns.RepoFile("simulator/scenarios/example-faults.jsonc"));
        var (a, first) = SimRuns.Run(scenario, scenario.Seed, 120);
        var (b, second) = SimRuns.Run(scenario, scenario.Seed, 120);
        using (a)
        using (b)
        {
            foreach (var (device, sink) in first)
            {
                Assert.True(sink.Bytes.Span.SequenceEqual(second[device].Bytes.Span), device);
            }

            // The faults did bite: the corrupted detector stream has checksum rejections.
            Assert.True(Decoding.Nmea(first["team-1-d1-detector"].Bytes).Counters.RejectedTotal > 0);
        }
    }

    [Fact]
    public void The_device_list_says_what_each_device_speaks()
    {
        using var runner = new SimulationRunner(new SimulationOptions { Scenario = ScenarioLoader.Load("aghdam"), DurationSeconds = 1, MaxSpeed = true });
        var devices = runner.Devices.ToDictionary(d => d.Name);
        Assert.Equal(DeviceProtocol.Detector, devices["team-1-d1-detector"].Protocol);
        Assert.Equal(DeviceProtocol.Nmea, devices["team-1-d1-gnss"].Protocol);
        Assert.Equal(DeviceProtocol.Slcan, devices["mematt-1-can"].Protocol);
        Assert.Equal(DeviceProtocol.Mavlink, devices["drone-1-mavlink"].Protocol);
        Assert.Equal(57600, devices["drone-1-mavlink"].Baud);
    }

    [Fact]
    public async Task A_tcp_output_streams_the_device_to_a_connected_client()
    {
        using var sink = new TcpSink(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new TcpClient();
        await client.ConnectAsync(sink.LocalEndpoint, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (sink.ClientCount == 0)
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }

        sink.Write("$GNGGA,hello*00\r\n"u8, 0);
        await sink.DrainAsync(timeout.Token);
        var buffer = new byte[64];
        var stream = client.GetStream();
        var read = 0;
        while (read < 17)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            Assert.True(n > 0);
            read += n;
        }

        Assert.Equal("$GNGGA,hello*00\r\n"u8.ToArray(), buffer[..read]);
    }

    [Fact]
    public async Task A_udp_output_sends_each_chunk_as_a_datagram()
    {
        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var sink = new UdpSink((IPEndPoint)listener.Client.LocalEndPoint!);
        sink.Write([0xFD, 1, 2, 3], 0);
        sink.Unplug(1);
        sink.Write([9, 9], 1);
        sink.Replug(2);
        sink.Write([0xFD, 4], 2);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var first = await listener.ReceiveAsync(timeout.Token);
        var second = await listener.ReceiveAsync(timeout.Token);
        Assert.Equal(new byte[] { 0xFD, 1, 2, 3 }, first.Buffer);
        Assert.Equal(new byte[] { 0xFD, 4 }, second.Buffer);
    }
}
