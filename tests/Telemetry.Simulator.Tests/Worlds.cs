using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

/// <summary>Small purpose-built scenarios: a few items where a rig is sure to meet them.</summary>
internal static class Worlds
{
    public static readonly ItemKindSpec Pmn2 = new()
    {
        Class = ItemClass.AP, Model = "PMN-2", DepthCm = [0, 10], MetalGramsMedian = 2, MetalGramsSigma = 0.3,
        SignalPerGram = 400, GprResponse = 0.9, MagneticNtPerKg = 0, TillerDetonationProbability = 1,
    };

    public static readonly ItemKindSpec Shell = new()
    {
        Class = ItemClass.UXO, Model = "projectile", DepthCm = [0, 20], MetalGramsMedian = 5000, MetalGramsSigma = 0.1,
        SignalPerGram = 20, GprResponse = 0.8, MagneticNtPerKg = 100, TillerDetonationProbability = 0,
    };

    public static Scenario Base(string name) => new()
    {
        Name = name,
        Site = new SiteSpec
        {
            Origin = new OriginSpec { Lat = 39.993, Lon = 46.930, AltitudeM = 350 },
            Polygon = [[-50, -50], [50, -50], [50, 50], [-50, 50]],
        },
        ItemKinds = [Pmn2, Shell],
    };

    /// <summary>One deminer sweeping one 1 m lane 8 m long, AP mines only, no EMI.</summary>
    public static Scenario DeminerLane(double apDensity) => Base("lane") with
    {
        HazardAreas = [new HazardAreaSpec { Name = "lane", Polygon = [[0.2, 0.5], [0.8, 0.5], [0.8, 8], [0.2, 8]], Density = new Dictionary<ItemClass, double> { [ItemClass.AP] = apDensity } }],
        Rigs = new RigsSpec
        {
            DetectorTeams = [new DetectorTeamSpec
            {
                Name = "t", Deminers = 1, InvestigateSeconds = 5, EmiSpikesPerSecond = 0,
                Area = new RectSpec { MinEastM = 0, MaxEastM = 1, MinNorthM = 0, MaxNorthM = 9 },
            }],
        },
        DurationSeconds = 400,
    };

    /// <summary>A MEMATT strip through a dense patch of shallow AP mines that always detonate.</summary>
    public static Scenario MachineStrip() => Base("strip") with
    {
        HazardAreas = [new HazardAreaSpec { Name = "patch", Polygon = [[0.2, 5], [1.5, 5], [1.5, 25], [0.2, 25]], Density = new Dictionary<ItemClass, double> { [ItemClass.AP] = 0.3 } }],
        Rigs = new RigsSpec
        {
            Machines = [new MachineSpec { Name = "m", Area = new RectSpec { MinEastM = 0, MaxEastM = 1.7, MinNorthM = 0, MaxNorthM = 30 } }],
        },
        DurationSeconds = 120,
    };

    /// <summary>A drone line over big shallow shells.</summary>
    public static Scenario DroneLine() => Base("drone") with
    {
        HazardAreas = [new HazardAreaSpec { Name = "shells", Polygon = [[-40, -0.3], [40, -0.3], [40, 0.3], [-40, 0.3]], Density = new Dictionary<ItemClass, double> { [ItemClass.UXO] = 0.2 } }],
        Rigs = new RigsSpec
        {
            Drones = [new DroneSpec { Name = "d", FalseDetectionsPerKm = 0, Area = new RectSpec { MinEastM = -45, MaxEastM = 45, MinNorthM = 0, MaxNorthM = 0.5 } }],
        },
        DurationSeconds = 40,
    };
}
