using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Rigs;

/// <summary>Builds the machine's strip pattern and the drone's lawnmower pattern.</summary>
internal static class RoutePlanner
{
    /// <summary>
    /// North–south strips of width − overlap spacing, up and back, with a U-turn of fixed duration (tool raised)
    /// between strips. The route tracks the tiller centre.
    /// </summary>
    public static Route MachineStrips(MachineSpec m)
    {
        var route = new Route();
        var speed = m.SpeedKmh / 3.6;
        var step = m.WidthM - m.OverlapM;
        var north = true;
        for (var east = m.Area.MinEastM + (m.WidthM / 2); east <= m.Area.MaxEastM - (m.WidthM / 2) + 1e-9; east += step)
        {
            var from = new LocalPoint(east, north ? m.Area.MinNorthM : m.Area.MaxNorthM);
            var to = new LocalPoint(east, north ? m.Area.MaxNorthM : m.Area.MinNorthM);
            route.Add(from, to, from.DistanceTo(to) / speed, working: true);
            var next = east + step;
            if (next <= m.Area.MaxEastM - (m.WidthM / 2) + 1e-9)
            {
                route.Add(to, new LocalPoint(next, to.North), m.TurnSeconds, working: false);
            }

            north = !north;
        }

        return route;
    }

    /// <summary>East–west survey lines stepping north, flown back and forth; the crossover legs are not surveyed.</summary>
    public static Route DroneLawnmower(DroneSpec d)
    {
        var route = new Route();
        var east = true;
        for (var north = d.Area.MinNorthM; north <= d.Area.MaxNorthM + 1e-9; north += d.LineSpacingM)
        {
            var from = new LocalPoint(east ? d.Area.MinEastM : d.Area.MaxEastM, north);
            var to = new LocalPoint(east ? d.Area.MaxEastM : d.Area.MinEastM, north);
            route.Add(from, to, from.DistanceTo(to) / d.SpeedMps, working: true);
            if (north + d.LineSpacingM <= d.Area.MaxNorthM + 1e-9)
            {
                route.Add(to, new LocalPoint(to.East, north + d.LineSpacingM), d.LineSpacingM / d.SpeedMps, working: false);
            }

            east = !east;
        }

        return route;
    }
}
