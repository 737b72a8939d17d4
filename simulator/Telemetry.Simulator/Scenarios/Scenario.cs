// Settable rather than init-only: System.Text.Json source generation assigns every init-only member when it
// builds the object, so defaults of absent keys would become 0/null; setters keep the documented defaults.
namespace Telemetry.Simulator.Scenarios;

/// <summary>
/// A simulated task site: where it is, what lies in the ground, which rigs work it and which faults strike.
/// Loaded from JSON (see simulator/scenarios/scenario.schema.json); every member has a documented default so a
/// scenario file only states what differs. Distances are metres, times seconds, angles degrees.
/// </summary>
public sealed record Scenario
{
    /// <summary>Short name, used in file names and the ground truth.</summary>
    public string Name { get; set; } = "unnamed";

    /// <summary>Free text for people.</summary>
    public string? Description { get; set; }

    /// <summary>UTC time of simulation second 0 (the shift start).</summary>
    public DateTimeOffset Start { get; set; } = new(2026, 5, 15, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Default length of a run in seconds (the CLI's --duration overrides it).</summary>
    public double DurationSeconds { get; set; } = 600;

    /// <summary>Default seed (the CLI's --seed overrides it).</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>The site polygon and its origin.</summary>
    public SiteSpec Site { get; set; } = new();

    /// <summary>What each kind of buried item is like (depth, metal, sensor response).</summary>
    public IReadOnlyList<ItemKindSpec> ItemKinds { get; set; } = [];

    /// <summary>Areas with their own item densities (the mine belt, the battle-area margin...).</summary>
    public IReadOnlyList<HazardAreaSpec> HazardAreas { get; set; } = [];

    /// <summary>The rigs working the site.</summary>
    public RigsSpec Rigs { get; set; } = new();

    /// <summary>Scripted faults on the timeline.</summary>
    public IReadOnlyList<FaultSpec> Faults { get; set; } = [];

    /// <summary>Where device bytes go; a device with no entry goes to a capture file when the run has an output dir.</summary>
    public IReadOnlyList<OutputSpec> Outputs { get; set; } = [];
}

/// <summary>The task site.</summary>
public sealed record SiteSpec
{
    /// <summary>Origin of the local east/north frame (WGS 84), and the ground altitude above mean sea level.</summary>
    public OriginSpec Origin { get; set; } = new();

    /// <summary>Task polygon as [east, north] metres from the origin, counter-clockwise or clockwise.</summary>
    public IReadOnlyList<double[]> Polygon { get; set; } = [];

    /// <summary>Geoid separation (m) reported by GNSS receivers: WGS 84 ellipsoid minus mean sea level.</summary>
    public double GeoidSeparationM { get; set; } = -16.9;
}

/// <summary>The site origin.</summary>
public sealed record OriginSpec
{
    /// <summary>Latitude, decimal degrees north.</summary>
    public double Lat { get; set; }

    /// <summary>Longitude, decimal degrees east.</summary>
    public double Lon { get; set; }

    /// <summary>Ground altitude above mean sea level, metres.</summary>
    public double AltitudeM { get; set; }
}

/// <summary>Physical description of one kind of item in the ground.</summary>
public sealed record ItemKindSpec
{
    /// <summary>Class: AP, AT, UXO or Fragment.</summary>
    public ItemClass Class { get; set; }

    /// <summary>Model name written to the ground truth (e.g. PMN-2).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Burial depth to the top of the item, cm: uniform between the two values.</summary>
    public double[] DepthCm { get; set; } = [0, 10];

    /// <summary>Metal content, grams: log-normal with this median.</summary>
    public double MetalGramsMedian { get; set; } = 1;

    /// <summary>Spread of the metal content (sigma of the underlying normal).</summary>
    public double MetalGramsSigma { get; set; } = 0.3;

    /// <summary>
    /// Metal-detector coupling: amplitude counts per gram of metal at 10 cm from the search head. Low for the
    /// thin, non-ferrous parts of minimum-metal mines, high for steel-cased AT mines and shells.
    /// </summary>
    public double SignalPerGram { get; set; } = 100;

    /// <summary>Ground-penetrating-radar response 0..1: high for volume objects, low for fragments and wire.</summary>
    public double GprResponse { get; set; }

    /// <summary>
    /// Magnetic anomaly per kilogram of metal at 1 m, nT (falls off with distance cubed): high for steel, zero for
    /// minimum-metal mines whose few grams are not ferrous.
    /// </summary>
    public double MagneticNtPerKg { get; set; } = 100;

    /// <summary>Probability the item detonates when a tiller reaches it (else it is broken up or pushed aside).</summary>
    public double TillerDetonationProbability { get; set; }
}

/// <summary>What an item is.</summary>
public enum ItemClass
{
    /// <summary>Anti-personnel mine.</summary>
    AP,

    /// <summary>Anti-tank mine.</summary>
    AT,

    /// <summary>Unexploded ordnance.</summary>
    UXO,

    /// <summary>Metal clutter: fragments, cartridges, wire.</summary>
    Fragment,
}

/// <summary>An area of the site with its own densities per m².</summary>
public sealed record HazardAreaSpec
{
    /// <summary>Name for the ground truth.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Polygon as [east, north] metres; empty means the whole site polygon.</summary>
    public IReadOnlyList<double[]> Polygon { get; set; } = [];

    /// <summary>Items per m², by class (AP, AT, UXO, Fragment).</summary>
    public IReadOnlyDictionary<ItemClass, double> Density { get; set; } = new Dictionary<ItemClass, double>();

    /// <summary>When set, AP and AT items of this area are laid in rows, as on a former line of contact.</summary>
    public RowLayoutSpec? Rows { get; set; }
}

/// <summary>Mine rows inside a hazard area.</summary>
public sealed record RowLayoutSpec
{
    /// <summary>Number of parallel rows.</summary>
    public int Count { get; set; } = 3;

    /// <summary>Distance between rows, m.</summary>
    public double SpacingM { get; set; } = 4;

    /// <summary>Direction the rows run, degrees from north.</summary>
    public double AzimuthDeg { get; set; } = 90;

    /// <summary>Standard deviation of an item's offset from its row line, m.</summary>
    public double JitterM { get; set; } = 0.3;
}
