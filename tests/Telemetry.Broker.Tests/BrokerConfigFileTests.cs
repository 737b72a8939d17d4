using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Broker;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Broker.Tests;

public sealed class BrokerConfigFileTests
{
    [Fact]
    public void A_mosquitto_conf_subset_sets_the_options()
    {
        using var dir = new TempDir();
        var file = dir.File("broker.conf");
        File.WriteAllLines(file,
        [
            "# site broker",
            "listener 1884",
            "password_file /etc/mosquitto/passwd",
            "acl_file /etc/mosquitto/acl",
            "allow_anonymous false",
            "persistence true",
            "persistence_location /var/lib/telemetry/broker",
            "max_queued_messages 5000",
            "queue_qos0_messages true",
            "queue_overflow drop_newest",
            "max_packet_size 65536",
            "sys_interval 30",
        ]);

        var options = BrokerConfigFile.Apply(file, new MqttBrokerOptions());

        Assert.Equal(1884, options.Port);
        Assert.Equal("/etc/mosquitto/passwd", options.PasswordFile);
        Assert.Equal("/etc/mosquitto/acl", options.AclFile);
        Assert.False(options.AllowAnonymous);
        Assert.Equal("/var/lib/telemetry/broker", options.PersistenceDirectory);
        Assert.Equal(5000, options.MaxQueuedMessages);
        Assert.True(options.QueueQos0WhileOffline);
        Assert.Equal(QueueOverflowPolicy.DropNewest, options.QueueOverflowPolicy);
        Assert.Equal(65536, options.MaxPacketSize);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SysInterval);
    }

    [Fact]
    public void Persistence_false_turns_the_default_off()
    {
        using var dir = new TempDir();
        var file = dir.File("broker.conf");
        File.WriteAllLines(file, ["persistence false"]);
        var options = BrokerConfigFile.Apply(file, new MqttBrokerOptions { PersistenceDirectory = "/somewhere" });
        Assert.Null(options.PersistenceDirectory);
    }

    [Theory]
    [InlineData("port seventy", "'port' must be a whole number")]
    [InlineData("allow_anonymous yes", "'allow_anonymous' must be true or false")]
    [InlineData("log_dest stdout", "'log_dest' is not a known key")]
    [InlineData("port", "'port' needs a value")]
    [InlineData("certfile /x.pem", "'certfile' and 'keyfile' go together")]
    public void Errors_name_the_line_the_key_and_the_fix(string line, string expected)
    {
        using var dir = new TempDir();
        var file = dir.File("broker.conf");
        File.WriteAllLines(file, ["# ok", line]);
        var error = Assert.Throws<BrokerConfigException>(() => BrokerConfigFile.Apply(file, new MqttBrokerOptions()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }
}
