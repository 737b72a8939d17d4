using System.Text;
using System.Text.Json;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

public sealed class ScenarioTests
{
    [Fact]
    public void The_built_in_aghdam_scenario_is_the_domain_reference_site()
    {
        var s = ScenarioLoader.Load("aghdam");
        Assert.Equal("aghdam", s.Name);
        Assert.Equal(39.993, s.Site.Origin.Lat);
        Assert.Equal(46.930, s.Site.Origin.Lon);
        Assert.Equal(38, Core.Utm.ZoneOf(s.Site.Origin.Lon));
        Assert.Equal(1.7, s.Rigs.Machines[0].WidthM);
        Assert.Equal(1, s.Rigs.DetectorTeams[0].LaneWidthM);
        Assert.Empty(s.Faults);
        Assert.Equal(11, ScenarioValidator.DeviceNames(s).Count);
    }

    [Fact]
    public void The_commented_fault_example_loads_and_scripts_every_kind_of_fault()
    {
        var s = ScenarioLoader.Load(SimRuns.RepoFile("simulator/scenarios/example-faults.jsonc"));
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), s.Faults.Select(f => f.Kind).Order());

        // Keys absent from the file keep their documented defaults.
        Assert.Equal(10, s.Rigs.DetectorTeams[0].Gnss.RateHz);
        Assert.Equal(0.01, s.Rigs.DetectorTeams[0].Gnss.SigmaFixedM);
    }

    [Fact]
    public void The_schema_lists_exactly_the_enums_and_members_the_loader_knows()
    {
        using var schema = JsonDocument.Parse(File.ReadAllBytes(SimRuns.RepoFile("simulator/scenarios/scenario.schema.json")));
        var defs = schema.RootElement.GetProperty("$defs");
        var faultKinds = defs.GetProperty("fault").GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(Enum.GetNames<FaultKind>().Select(JsonNamingPolicy.CamelCase.ConvertName).Order(), faultKinds.Order());
        var classes = defs.GetProperty("itemClass").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(Enum.GetNames<ItemClass>().Order(), classes.Order());
        var teamKeys = defs.GetProperty("detectorTeam").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(typeof(DetectorTeamSpec).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(), teamKeys.Order());
        var droneKeys = defs.GetProperty("drone").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(typeof(DroneSpec).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(), droneKeys.Order());
        var machineKeys = defs.GetProperty("machine").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(typeof(MachineSpec).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(), machineKeys.Order());
    }

    [Fact]
    public void An_unknown_key_is_rejected_with_its_path()
    {
        var json = """{ "site": { "origin": { "lat": 40, "lon": 47 }, "polygon": [[0,0],[1,0],[1,1]] }, "itemKinds": [{ "class": "AP" }], "rigz": {} }""";
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "test"));
        Assert.Contains("rigz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_names_its_key_and_the_fix()
    {
        var s = Worlds.DeminerLane(0.1);
        s.Rigs.DetectorTeams[0].SampleRateHz = 0;
        var json = ScenarioLoader.ToJson(s);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "test"));
        Assert.Contains("rigs.detectorTeams[0].sampleRateHz", e.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. 40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_on_a_device_that_does_not_exist_lists_the_devices()
    {
        var s = Worlds.DeminerLane(0.1) with { Faults = [new FaultSpec { Kind = FaultKind.Unplug, Device = "t-d9-gnss", At = 1 }] };
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(ScenarioLoader.ToJson(s), "test"));
        Assert.Contains("faults[0].device", e.Message, StringComparison.Ordinal);
        Assert.Contains("t-d1-gnss", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_round_trips_through_its_json()
    {
        var s = ScenarioLoader.Load("aghdam");
        var again = ScenarioLoader.Parse(ScenarioLoader.ToJson(s), "round-trip");
        Assert.Equal(ScenarioLoader.ToJson(s), ScenarioLoader.ToJson(again));
    }
}
