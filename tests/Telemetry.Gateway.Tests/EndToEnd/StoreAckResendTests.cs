using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Outbox;
using Telemetry.Gateway.Pipeline;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Broker;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>
/// AckMode StoreAck (docs/topics.md): records the broker acknowledged but the operations centre never confirmed are
/// re-published after <c>Broker:StoreAckTimeout</c> (doubling after each re-send), in order, flagged
/// <c>redelivery: true</c>, and stay in the outbox until a store ack covers them. The gateway runtime (no devices,
/// records appended to its outbox directly) talks to a real broker; a second client plays the operations centre.
/// The timer reads the gateway's monotonic clock, which the test advances by hand: no wall-clock timing in asserts.
/// </summary>
public sealed class StoreAckResendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("embedded")]
    [InlineData("mosquitto")]
    public async Task Never_store_acked_records_are_resent_after_the_timeout_in_order_with_backoff(string broker)
    {
        await using var rig = await Rig.StartAsync(broker);
        rig.Append(3);
        await rig.WaitAsync(() => rig.Gateway.Counters.Get("detections_acknowledged") >= 3, "3 PUBACKs");
        await rig.WaitAsync(() => rig.Received.Count >= 3, "first delivery");

        await rig.ElapseAsync(Timeout + TimeSpan.FromMilliseconds(1));
        await rig.WaitAsync(() => rig.Received.Count >= 6, "the re-send after the timeout");
        Assert.Equal(new long[] { 1, 2, 3, 1, 2, 3 }, rig.Received.Select(r => r.Seq));
        Assert.Equal(new[] { false, false, false, true, true, true }, rig.Received.Select(r => r.Redelivery));
        Assert.Equal(3, rig.Gateway.Outbox.GetStats().Pending); // still on disk: no store ack yet

        // Backoff: the next re-send waits 2 × timeout; one more timeout is not enough.
        await rig.ElapseAsync(Timeout + TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, rig.Gateway.Counters.Get("detections_store_ack_resends"));
        await rig.ElapseAsync(Timeout);
        await rig.WaitAsync(() => rig.Received.Count >= 9, "the second re-send after 2 × timeout");
        Assert.Equal(2, rig.Gateway.Counters.Get("detections_store_ack_resends"));
        Assert.Equal(new long[] { 1, 2, 3 }, rig.Received.Skip(6).Select(r => r.Seq));
    }

    [Fact]
    public async Task A_store_ack_in_time_prevents_any_resend_and_frees_the_outbox()
    {
        await using var rig = await Rig.StartAsync("embedded");
        rig.Append(3);
        await rig.WaitAsync(() => rig.Received.Count >= 3, "first delivery");
        await rig.StoreAckAsync(3);
        await rig.WaitAsync(() => rig.Gateway.Outbox.GetStats().Pending == 0, "the store ack applied");

        await rig.ElapseAsync(Timeout * 10);
        Assert.Equal(0, rig.Gateway.Counters.Get("detections_store_ack_resends"));
        Assert.Equal(new long[] { 1, 2, 3 }, rig.Received.Select(r => r.Seq));
    }

    [Fact]
    public async Task A_store_ack_for_part_of_the_range_leaves_only_the_rest_to_resend()
    {
        await using var rig = await Rig.StartAsync("embedded");
        rig.Append(5);
        await rig.WaitAsync(() => rig.Gateway.Counters.Get("detections_acknowledged") >= 5 && rig.Received.Count >= 5, "first delivery");
        await rig.StoreAckAsync(3);
        await rig.WaitAsync(() => rig.Gateway.Outbox.GetStats().AckedSequence == 3, "the partial store ack applied");

        await rig.ElapseAsync(Timeout + TimeSpan.FromMilliseconds(1));
        await rig.WaitAsync(() => rig.Received.Count >= 7, "the re-send of 4 and 5");
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 4, 5 }, rig.Received.Select(r => r.Seq));
        Assert.Equal(2, rig.Gateway.Outbox.GetStats().Pending);
    }

    [Fact]
    public async Task After_a_restart_in_store_ack_mode_unconfirmed_records_replay()
    {
        using var dir = new TempDirectory();
        await using (var first = await Rig.StartAsync("embedded", dir.Path))
        {
            first.Append(4);
            await first.WaitAsync(() => first.Received.Count >= 4, "first delivery");
            await first.StoreAckAsync(1);
            await first.WaitAsync(() => first.Gateway.Outbox.GetStats().AckedSequence == 1, "store ack for 1");
        }

        await using var second = await Rig.StartAsync("embedded", dir.Path);
        await second.WaitAsync(() => second.Received.Count >= 3, "the replay after the restart");
        Assert.Equal(new long[] { 2, 3, 4 }, second.Received.Select(r => r.Seq));
        await second.StoreAckAsync(4);
        await second.WaitAsync(() => second.Gateway.Outbox.GetStats().Pending == 0, "the final store ack applied");
    }

    /// <summary>A running gateway runtime in StoreAck mode, its broker, and an operations-centre client.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly TempDirectory? _ownDir;
        private readonly IAsyncDisposable _broker;
        private readonly MqttClient _opsCentre;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<(long Seq, bool Redelivery)> _received = new();
        private Task _run = Task.CompletedTask;
        private long _monotonicNs = 1_000_000_000;

        private Rig(TempDirectory? ownDir, IAsyncDisposable broker, int port, string outboxDir)
        {
            _ownDir = ownDir;
            _broker = broker;
            var clock = new GatewayClock(TimeProvider.System, () => Interlocked.Read(ref _monotonicNs));
            Gateway = new GatewayRuntime(
                new GatewayOptions
                {
                    Site = "store-ack",
                    Rig = "team-1",
                    Devices = [],
                    Broker = new BrokerOptions { Host = "127.0.0.1", Port = port, ClientId = "store-ack-gateway", AckMode = AckMode.StoreAck, StoreAckTimeout = Timeout, StoreAckMaxBackoff = Timeout * 8 },
                    Outbox = new OutboxOptions { Directory = outboxDir },
                    ConfigHash = "store-ack-test",
                },
                clock);
            _opsCentre = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                ClientId = "store-ack-ops-centre",
                MessageHandler = OnMessage,
            });
        }

        public GatewayRuntime Gateway { get; }

        public List<(long Seq, bool Redelivery)> Received => [.. _received];

        public static async Task<Rig> StartAsync(string broker, string? outboxRoot = null)
        {
            var own = outboxRoot is null ? new TempDirectory() : null;
            var outboxDir = Path.Combine(outboxRoot ?? own!.Path, "outbox");
            IAsyncDisposable server;
            int port;
            if (broker == "mosquitto")
            {
                var mosquitto = await MosquittoServer.StartAsync();
                (server, port) = (mosquitto, mosquitto.Port);
            }
            else
            {
                var embedded = new MqttBroker(new MqttBrokerOptions { BindAddress = IPAddress.Loopback, Port = 0 });
                await embedded.StartAsync(TestContext.Current.CancellationToken);
                (server, port) = (embedded, embedded.Port);
            }

            var rig = new Rig(own, server, port, outboxDir);
            await rig._opsCentre.ConnectAsync(TestContext.Current.CancellationToken);
            await rig._opsCentre.SubscribeAsync([new MqttSubscriptionRequest("demining/v1/+/+/detections", MqttQos.AtLeastOnce)], TestContext.Current.CancellationToken);
            rig._run = rig.Gateway.RunAsync(rig._stop.Token);
            await rig.WaitAsync(() => rig.Gateway.Client.IsConnected && rig.Gateway.Publisher is not null, "the gateway connected");
            return rig;
        }

        public void Append(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Gateway.Outbox.Append(0, static (_, seq, output) => output.Write(Encoding.UTF8.GetBytes($$"""{"seq":{{seq}}}""")));
            }
        }

        public Task<MqttReasonCode> StoreAckAsync(long highest) =>
            _opsCentre.PublishAsync("demining/v1/store-ack/team-1/ack", Encoding.UTF8.GetBytes($$"""{"rig":"team-1","highestStoredSequence":{{highest}}}"""), MqttQos.AtLeastOnce).AsTask();

        /// <summary>
        /// Lets the re-send timer see the current state (two checks), advances the gateway's monotonic clock, then lets
        /// it look twice more: whatever the timer decides for the new time has happened when this returns.
        /// </summary>
        public async Task ElapseAsync(TimeSpan span)
        {
            await TwoChecksAsync();
            Interlocked.Add(ref _monotonicNs, (long)span.TotalNanoseconds);
            await TwoChecksAsync();
        }

        private async Task TwoChecksAsync()
        {
            var checks = Gateway.Publisher!.StoreAckChecks;
            await WaitAsync(() => Gateway.Publisher!.StoreAckChecks >= checks + 2, "two timer checks");
        }

        public async Task WaitAsync(Func<bool> condition, string what)
        {
            var deadline = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(
                    deadline.Elapsed < TimeSpan.FromSeconds(20),
                    $"timed out waiting for {what}; received {string.Join(",", Received.Select(r => r.Seq))}; gateway {_run.Status} {_run.Exception?.GetBaseException().Message}");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            await Gateway.DisposeAsync();
            await _opsCentre.DisposeAsync();
            await _broker.DisposeAsync();
            _stop.Dispose();
            _ownDir?.Dispose();
        }

        private void OnMessage(in MqttPublish message)
        {
            var redelivery = false;
            foreach (var property in message.Properties.EnumerateUserProperties())
            {
                redelivery |= property.Name.SequenceEqual("redelivery"u8) && property.Value.SequenceEqual("true"u8);
            }

            using var doc = JsonDocument.Parse(message.Payload.ToArray());
            _received.Enqueue((doc.RootElement.GetProperty("seq").GetInt64(), redelivery));
        }
    }
}
