using Microsoft.Extensions.Configuration;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Outbox;

namespace Telemetry.Gateway.Tests.Configuration;

public sealed class GatewayConfigTests
{
    private static string Examples =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../gateway/Telemetry.Gateway/examples"));

    [Theory]
    [InlineData("detector-team.json", 4)]
    [InlineData("mematt.json", 2)]
    [InlineData("drone-ground-station.json", 2)]
    public void Every_example_configuration_is_valid(string file, int devices)
    {
        // The CA file of the detector-team example exists only on a rig; clearing it is how an operator tests on a laptop.
        var options = GatewayConfigLoader.Load(GatewayConfigLoader.Build(Path.Combine(Examples, file), ["--Broker:CaFile="]));
        Assert.Equal(devices, options.Devices.Count);
        Assert.Equal($"demining/v1/{options.Site}/{options.Rig}", options.TopicRoot);
        Assert.Equal(16, options.ConfigHash.Length);
    }

    [Fact]
    public void Machine_and_drone_examples_configure_their_protocols_lever_arm_and_footprint()
    {
        var mematt = GatewayConfigLoader.Load(GatewayConfigLoader.Build(Path.Combine(Examples, "mematt.json"), []));
        var can = mematt.Devices.Single(d => d.Kind == DeviceKind.Machine);
        Assert.Equal(DeviceProtocol.Slcan, can.Protocol);
        Assert.Equal("gnss", can.PositionFrom);
        Assert.Equal(new Geo.Geotagging.LeverArm(2.5, 0, 2.8), can.LeverArm);
        Assert.Equal(0.85, can.FootprintRadiusM);
        var drone = GatewayConfigLoader.Load(GatewayConfigLoader.Build(
            Path.Combine(Examples, "drone-ground-station.json"), [$"--Devices:1:Mavlink:SigningKey={new string('a', 64)}", "--Devices:1:Mavlink:RequireSigned=true"]));
        var link = drone.Devices.Single(d => d.Kind == DeviceKind.Drone);
        Assert.Equal(DeviceProtocol.Mavlink2, link.Protocol);
        Assert.Equal(32, link.MavlinkSigningKey!.Length);
        Assert.True(link.MavlinkRequireSigned);
        var error = Assert.Throws<GatewayConfigException>(() => GatewayConfigLoader.Load(GatewayConfigLoader.Build(
            Path.Combine(Examples, "drone-ground-station.json"), ["--Devices:1:Mavlink:RequireSigned=true"])));
        Assert.Contains("Devices:1:Mavlink:RequireSigned: is true but Mavlink:SigningKey is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_and_command_line_override_the_file()
    {
        var options = GatewayConfigLoader.Load(GatewayConfigLoader.Build(
            Path.Combine(Examples, "detector-team.json"), ["--Broker:CaFile=", "--Broker:Host=10.8.0.1", "--Outbox:Overflow=DropOldest"]));
        Assert.Equal("10.8.0.1", options.Broker.Host);
        Assert.Equal(OverflowPolicy.DropOldest, options.Outbox.Overflow);
        Assert.Equal(new Geo.Geotagging.LeverArm(1.0, 0, 1.2), options.Devices[1].LeverArm);
    }

    [Theory]
    [InlineData("Rig", "team/1", "Rig: \"team/1\" cannot be part of an MQTT topic")]
    [InlineData("Broker:Port", "70000", "Broker:Port: \"70000\" is not a whole number from 1 to 65535")]
    [InlineData("Outbox:Fsync", "sometimes", "Outbox:Fsync: \"sometimes\" is not one of Always, Batch")]
    [InlineData("Outbox:Overflow", "Drop", "Outbox:Overflow: \"Drop\" is not one of Block, RefuseNew, DropOldest")]
    [InlineData("Devices:1:PositionFrom", "nowhere", "Devices:1:PositionFrom: \"nowhere\" is not a GNSS device")]
    [InlineData("Devices:0:LeverArm:Forward", "1,5", "Devices:0:LeverArm:Forward: \"1,5\" is not a number")]
    [InlineData("Broker:MqttVersion", "4", "Broker:MqttVersion: \"4\" is not one of 3.1.1, 5")]
    [InlineData("Devices:1:Protocol", "Slcan", "Devices:1:Protocol: Slcan does not fit Kind Detector")]
    [InlineData("Devices:1:Gpio:Chip", "", "Devices:1:Gpio: needs Chip and at least one of AlarmLine/MarkLine")]
    [InlineData("Devices:1:Mavlink:SigningKey", "abc", "Devices:1:Mavlink:SigningKey: is not 32 bytes written as 64 hex digits")]
    public void Errors_name_the_key_and_the_fix(string key, string value, string expected)
    {
        var config = GatewayConfigLoader.Build(Path.Combine(Examples, "detector-team.json"), ["--Broker:CaFile=", $"--{key}={value}"]);
        var error = Assert.Throws<GatewayConfigException>(() => GatewayConfigLoader.Load(config));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_keys_are_all_reported_at_once()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var error = Assert.Throws<GatewayConfigException>(() => GatewayConfigLoader.Load(config));
        foreach (var key in new[] { "Site:", "Rig:", "Devices:", "Broker:Host:", "Outbox:Path:" })
        {
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
    }
}
