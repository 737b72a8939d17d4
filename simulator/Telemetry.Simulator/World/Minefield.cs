using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.World;

/// <summary>
/// Everything in the ground of a site, with a 1 m grid index so sensors find the items near a point in
/// constant time (≈120,000 fragments on the default site; a linear scan per detector sample would be far too slow).
/// </summary>
internal sealed class Minefield
{
    private const double CellSize = 1.0;
    private readonly BuriedItem[] _items;
    private readonly int[] _cellStart;
    private readonly int[] _cellItems;
    private readonly double _minEast;
    private readonly double _minNorth;
    private readonly int _columns;
    private readonly int _rows;

    private Minefield(BuriedItem[] items, Polygon site)
    {
        _items = items;
        Site = site;
        _minEast = site.MinEast;
        _minNorth = site.MinNorth;
        _columns = Math.Max(1, (int)Math.Ceiling((site.MaxEast - site.MinEast) / CellSize));
        _rows = Math.Max(1, (int)Math.Ceiling((site.MaxNorth - site.MinNorth) / CellSize));

        // Compressed-row layout: counts, prefix sums, then fill. Two flat arrays instead of a list per cell.
        var counts = new int[(_columns * _rows) + 1];
        foreach (var item in items)
        {
            counts[CellOf(item.Position) + 1]++;
        }

        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
        }

        _cellStart = counts;
        _cellItems = new int[items.Length];
        var fill = (int[])counts.Clone();
        for (var i = 0; i < items.Length; i++)
        {
            _cellItems[fill[CellOf(items[i].Position)]++] = i;
        }
    }

    public Polygon Site { get; }

    public IReadOnlyList<BuriedItem> Items => _items;

    /// <summary>Draws the items of every hazard area from the scenario's densities and item kinds.</summary>
    public static Minefield Generate(Scenario scenario, ulong seed)
    {
        var site = new Polygon(scenario.Site.Polygon);
        var items = new List<BuriedItem>();
        foreach (var area in scenario.HazardAreas)
        {
            var polygon = area.Polygon.Count == 0 ? site : new Polygon(area.Polygon);
            var random = SimRandom.For(seed, "minefield/" + area.Name);

            // Stable class order, whatever order the JSON object listed them in.
            foreach (var itemClass in Enum.GetValues<ItemClass>())
            {
                if (!area.Density.TryGetValue(itemClass, out var density) || density <= 0)
                {
                    continue;
                }

                var kind = scenario.ItemKinds.First(k => k.Class == itemClass);
                var count = random.Poisson(density * polygon.Area);
                var inRows = area.Rows is not null && itemClass is ItemClass.AP or ItemClass.AT;
                for (var n = 0; n < count; n++)
                {
                    if (!TryPlace(random, polygon, site, inRows ? area.Rows : null, out var position))
                    {
                        continue;
                    }

                    var depth = random.Uniform(kind.DepthCm[0], kind.DepthCm[1]) / 100;
                    var metal = random.LogNormal(kind.MetalGramsMedian, kind.MetalGramsSigma);
                    items.Add(new BuriedItem(items.Count, kind, position, depth, metal, area.Name));
                }
            }
        }

        return new Minefield([.. items], site);
    }

    /// <summary>Calls <paramref name="visit"/> for every intact item within <paramref name="radius"/> of a point.</summary>
    public void ForEachNear<TState>(LocalPoint p, double radius, ref TState state, NearVisitor<TState> visit)
    {
        var c0 = Math.Max(0, (int)Math.Floor((p.East - radius - _minEast) / CellSize));
        var c1 = Math.Min(_columns - 1, (int)Math.Floor((p.East + radius - _minEast) / CellSize));
        var r0 = Math.Max(0, (int)Math.Floor((p.North - radius - _minNorth) / CellSize));
        var r1 = Math.Min(_rows - 1, (int)Math.Floor((p.North + radius - _minNorth) / CellSize));
        var radiusSquared = radius * radius;
        for (var r = r0; r <= r1; r++)
        {
            for (var c = c0; c <= c1; c++)
            {
                var cell = (r * _columns) + c;
                for (var k = _cellStart[cell]; k < _cellStart[cell + 1]; k++)
                {
                    var item = _items[_cellItems[k]];
                    if (item.Intact && item.Position.DistanceSquaredTo(p) <= radiusSquared)
                    {
                        visit(item, ref state);
                    }
                }
            }
        }
    }

    private static bool TryPlace(SimRandom random, Polygon polygon, Polygon site, RowLayoutSpec? rows, out LocalPoint position)
    {
        // Rejection sampling; a thin polygon may need many tries, a degenerate one gives up rather than loop.
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (rows is null)
            {
                position = new LocalPoint(random.Uniform(polygon.MinEast, polygon.MaxEast), random.Uniform(polygon.MinNorth, polygon.MaxNorth));
            }
            else
            {
                var azimuth = rows.AzimuthDeg * Math.PI / 180;
                var along = new LocalPoint(Math.Sin(azimuth), Math.Cos(azimuth));
                var across = new LocalPoint(along.North, -along.East);
                var row = random.NextInt(rows.Count);
                var offset = (row - ((rows.Count - 1) / 2.0)) * rows.SpacingM;
                var span = Math.Max(polygon.MaxEast - polygon.MinEast, polygon.MaxNorth - polygon.MinNorth);
                var s = random.Uniform(-span / 2, span / 2);
                var jitter = random.Gaussian(0, rows.JitterM);
                var centre = polygon.Centroid;
                position = new LocalPoint(
                    centre.East + (s * along.East) + ((offset + jitter) * across.East),
                    centre.North + (s * along.North) + ((offset + jitter) * across.North));
            }

            if (polygon.Contains(position) && site.Contains(position))
            {
                return true;
            }
        }

        position = default;
        return false;
    }

    private int CellOf(LocalPoint p)
    {
        var c = Math.Clamp((int)Math.Floor((p.East - _minEast) / CellSize), 0, _columns - 1);
        var r = Math.Clamp((int)Math.Floor((p.North - _minNorth) / CellSize), 0, _rows - 1);
        return (r * _columns) + c;
    }
}

/// <summary>Visitor for <see cref="Minefield.ForEachNear{TState}"/>; state by reference so callers need no closure.</summary>
internal delegate void NearVisitor<TState>(BuriedItem item, ref TState state);
