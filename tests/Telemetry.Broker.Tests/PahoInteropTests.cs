using Telemetry.Broker.Tests.Support;

namespace Telemetry.Broker.Tests;

/// <summary>Debian's python3-paho-mqtt (a client we did not write) against our broker, MQTT 3.1.1 and 5.0.</summary>
public sealed class PahoInteropTests
{
    // paho-mqtt 1.6 API: subscribe, publish QoS 0/1/2 and a retained message, wait for every delivery, print them.
    private const string RoundTripScript = """
import sys, threading, paho.mqtt.client as mqtt
port, version = int(sys.argv[1]), sys.argv[2]
proto = mqtt.MQTTv5 if version == "5" else mqtt.MQTTv311
got, done, subscribed = [], threading.Event(), threading.Event()
def on_message(c, u, m):
    got.append("%s %d %d %s" % (m.topic, m.qos, 1 if m.retain else 0, m.payload.decode()))
    if len(got) == 4: done.set()
def on_subscribe(c, u, mid, granted, props=None): subscribed.set()
sub = mqtt.Client(client_id="paho-sub-" + version, protocol=proto)
sub.on_message, sub.on_subscribe = on_message, on_subscribe
sub.connect("127.0.0.1", port)
sub.loop_start()
sub.subscribe("paho/#", qos=2)
assert subscribed.wait(10), "no SUBACK"
pub = mqtt.Client(client_id="paho-pub-" + version, protocol=proto)
pub.connect("127.0.0.1", port)
pub.loop_start()
for qos in (0, 1, 2):
    pub.publish("paho/q%d" % qos, "m%d" % qos, qos=qos).wait_for_publish(10)
pub.publish("paho/r", "kept", qos=1, retain=True).wait_for_publish(10)
ok = done.wait(10)
late = mqtt.Client(client_id="paho-late-" + version, protocol=proto)
retained = threading.Event()
late.on_message = lambda c, u, m: (got.append("late %s %d %s" % (m.topic, 1 if m.retain else 0, m.payload.decode())), retained.set())
late.connect("127.0.0.1", port)
late.loop_start()
late.subscribe("paho/r", qos=1)
ok = retained.wait(10) and ok
for c in (sub, pub, late):
    c.disconnect(); c.loop_stop()
print("\n".join(sorted(got)))
sys.exit(0 if ok else 3)
""";

    [Theory]
    [InlineData("3")]
    [InlineData("5")]
    public async Task Paho_publishes_and_receives_qos0_1_2_and_retained(string version)
    {
        await ExternalTool.RequirePahoAsync();
        await using var host = await BrokerHost.StartAsync();
        using var dir = new TempDir();
        var script = dir.File("roundtrip.py");
        await File.WriteAllTextAsync(script, RoundTripScript, TestContext.Current.CancellationToken);

        var run = await ExternalTool.RunAsync(ExternalTool.Python, [script, host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), version], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
        Assert.Equal(
            ["late paho/r 1 kept", "paho/q0 0 0 m0", "paho/q1 1 0 m1", "paho/q2 2 0 m2", "paho/r 1 0 kept"],
            run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private const string WillScript = """
import sys, threading, socket, paho.mqtt.client as mqtt
port = int(sys.argv[1])
got, subscribed = threading.Event(), threading.Event()
msgs = []
def on_message(c, u, m): msgs.append(m.payload.decode()); got.set()
watcher = mqtt.Client(client_id="watcher", protocol=mqtt.MQTTv5)
watcher.on_message = on_message
watcher.on_subscribe = lambda *a: subscribed.set()
watcher.connect("127.0.0.1", port); watcher.loop_start()
watcher.subscribe("will/#", qos=1)
assert subscribed.wait(10)
rig = mqtt.Client(client_id="rig", protocol=mqtt.MQTTv5)
rig.will_set("will/rig", "rig lost", qos=1)
rig.connect("127.0.0.1", port)
rig.loop(1)
rig.socket().shutdown(socket.SHUT_RDWR)  # the link dies without DISCONNECT
rig.socket().close()
ok = got.wait(10)
watcher.disconnect(); watcher.loop_stop()
print("\n".join(msgs))
sys.exit(0 if ok else 3)
""";

    [Fact]
    public async Task Paho_will_is_published_when_its_link_dies()
    {
        await ExternalTool.RequirePahoAsync();
        await using var host = await BrokerHost.StartAsync();
        using var dir = new TempDir();
        var script = dir.File("will.py");
        await File.WriteAllTextAsync(script, WillScript, TestContext.Current.CancellationToken);

        var run = await ExternalTool.RunAsync(ExternalTool.Python, [script, host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
        Assert.Equal("rig lost", run.StdOut.Trim());
    }
}
