using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.World;

/// <summary>One item in the ground. Immutable except for what rigs do to it (destroyed by a tiller).</summary>
internal sealed class BuriedItem(int id, ItemKindSpec kind, LocalPoint position, double depthM, double metalGrams, string area)
{
    public int Id { get; } = id;

    public ItemKindSpec Kind { get; } = kind;

    public ItemClass Class => Kind.Class;

    public LocalPoint Position { get; } = position;

    /// <summary>Depth of the item's top below the surface, m.</summary>
    public double DepthM { get; } = depthM;

    public double MetalGrams { get; } = metalGrams;

    /// <summary>Hazard area the item was laid in.</summary>
    public string Area { get; } = area;

    /// <summary>Metal-detector source strength: counts at 10 cm.</summary>
    public double MdStrength { get; } = metalGrams * kind.SignalPerGram;

    public bool IsHazard => Kind.Class != ItemClass.Fragment;

    /// <summary>Set when a tiller destroyed the item (detonated or broke it up); later passes see nothing.</summary>
    public double? DestroyedAt { get; set; }

    /// <summary>Set when a deminer excavated the item (scrap removed, or a mine exposed and marked for disposal).</summary>
    public double? ExcavatedAt { get; set; }

    public bool Intact => DestroyedAt is null && ExcavatedAt is null;
}
