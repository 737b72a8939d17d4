using Telemetry.Simulator.Core;

namespace Telemetry.Simulator.World;

/// <summary>A simple polygon in the local frame.</summary>
internal sealed class Polygon
{
    private readonly LocalPoint[] _vertices;

    public Polygon(IReadOnlyList<double[]> vertices)
    {
        _vertices = vertices.Select(v => new LocalPoint(v[0], v[1])).ToArray();
        MinEast = _vertices.Min(v => v.East);
        MaxEast = _vertices.Max(v => v.East);
        MinNorth = _vertices.Min(v => v.North);
        MaxNorth = _vertices.Max(v => v.North);
        double twiceArea = 0;
        for (int i = 0, j = _vertices.Length - 1; i < _vertices.Length; j = i++)
        {
            twiceArea += (_vertices[j].East * _vertices[i].North) - (_vertices[i].East * _vertices[j].North);
        }

        Area = Math.Abs(twiceArea) / 2;
    }

    public double MinEast { get; }

    public double MaxEast { get; }

    public double MinNorth { get; }

    public double MaxNorth { get; }

    /// <summary>Area in m².</summary>
    public double Area { get; }

    public IReadOnlyList<LocalPoint> Vertices => _vertices;

    public LocalPoint Centroid => new((MinEast + MaxEast) / 2, (MinNorth + MaxNorth) / 2);

    /// <summary>Even–odd ray casting.</summary>
    public bool Contains(LocalPoint p)
    {
        var inside = false;
        for (int i = 0, j = _vertices.Length - 1; i < _vertices.Length; j = i++)
        {
            var a = _vertices[i];
            var b = _vertices[j];
            if ((a.North > p.North) != (b.North > p.North)
                && p.East < ((b.East - a.East) * (p.North - a.North) / (b.North - a.North)) + a.East)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
