namespace Telemetry.Simulator.Scenarios;

/// <summary>The rigs of a scenario.</summary>
public sealed record RigsSpec
{
    /// <summary>Manual detector teams.</summary>
    public IReadOnlyList<DetectorTeamSpec> DetectorTeams { get; set; } = [];

    /// <summary>Tiller machines (MEMATT).</summary>
    public IReadOnlyList<MachineSpec> Machines { get; set; } = [];

    /// <summary>Survey drones.</summary>
    public IReadOnlyList<DroneSpec> Drones { get; set; } = [];
}

/// <summary>An axis-aligned rectangle in the local frame, metres from the origin.</summary>
public sealed record RectSpec
{
    /// <summary>West edge.</summary>
    public double MinEastM { get; set; }

    /// <summary>East edge.</summary>
    public double MaxEastM { get; set; }

    /// <summary>South edge.</summary>
    public double MinNorthM { get; set; }

    /// <summary>North edge.</summary>
    public double MaxNorthM { get; set; }
}

/// <summary>Fix mode a GNSS receiver reports.</summary>
public enum FixMode
{
    /// <summary>No position.</summary>
    NoFix,

    /// <summary>Single-point (autonomous) fix, metres of error.</summary>
    Autonomous,

    /// <summary>RTK float, decimetres.</summary>
    RtkFloat,

    /// <summary>RTK fixed, centimetres.</summary>
    RtkFixed,
}

/// <summary>A GNSS receiver on a rig.</summary>
public sealed record GnssSpec
{
    /// <summary>Fix rate, Hz (1–20).</summary>
    public double RateHz { get; set; } = 10;

    /// <summary>Fix mode when nothing is wrong.</summary>
    public FixMode NominalFix { get; set; } = FixMode.RtkFixed;

    /// <summary>Horizontal 1-sigma error per axis in RTK fixed, m.</summary>
    public double SigmaFixedM { get; set; } = 0.01;

    /// <summary>Horizontal 1-sigma error per axis in RTK float, m.</summary>
    public double SigmaFloatM { get; set; } = 0.3;

    /// <summary>Horizontal 1-sigma error per axis autonomous, m.</summary>
    public double SigmaAutonomousM { get; set; } = 2.5;

    /// <summary>Seconds in float after corrections are lost, before falling back to autonomous.</summary>
    public double FloatHoldSeconds { get; set; } = 20;

    /// <summary>Seconds of float while RTK re-converges after corrections return.</summary>
    public double ReconvergeSeconds { get; set; } = 5;

    /// <summary>Emit HDT (dual-antenna heading), as machine receivers do.</summary>
    public bool Heading { get; set; }

    /// <summary>Serial line rate the receiver is configured for.</summary>
    public int Baud { get; set; } = 115200;
}

/// <summary>A team of deminers with detectors, each working 1 m lanes northwards.</summary>
public sealed record DetectorTeamSpec
{
    /// <summary>Team name; devices are named "{name}-d{n}-detector" and "{name}-d{n}-gnss".</summary>
    public string Name { get; set; } = "team-1";

    /// <summary>Number of deminers working side by side.</summary>
    public int Deminers { get; set; } = 2;

    /// <summary>Where the first lane starts (its south-west corner) and where lanes end.</summary>
    public RectSpec Area { get; set; } = new();

    /// <summary>Lane width, m (1 m in clearance SOPs).</summary>
    public double LaneWidthM { get; set; } = 1;

    /// <summary>Lateral speed of the search head across the lane, m/s.</summary>
    public double SweepSpeedMps { get; set; } = 0.5;

    /// <summary>Forward advance per sweep, m.</summary>
    public double AdvancePerSweepM { get; set; } = 0.15;

    /// <summary>Search-head height above ground, m.</summary>
    public double HeadHeightM { get; set; } = 0.03;

    /// <summary>Search-head diameter, m: the width a pass covers.</summary>
    public double HeadWidthM { get; set; } = 0.25;

    /// <summary>Seconds a deminer spends marking and investigating each signal before sweeping on.</summary>
    public double InvestigateSeconds { get; set; } = 50;

    /// <summary>GNSS antenna (on the deminer) distance behind the search-head lane centre, m.</summary>
    public double AntennaBehindHeadM { get; set; } = 1.0;

    /// <summary>Detector adapter sample sentence rate, Hz (20–50).</summary>
    public double SampleRateHz { get; set; } = 40;

    /// <summary>Detector model name reported in status sentences.</summary>
    public string Model { get; set; } = "SIM";

    /// <summary>Alarm threshold on the smoothed metal amplitude, counts of 1023.</summary>
    public double AlarmThreshold { get; set; } = 100;

    /// <summary>Metal-channel noise sigma, counts.</summary>
    public double NoiseSigma { get; set; } = 15;

    /// <summary>Ground mineralisation amplitude after ground balance, counts.</summary>
    public double GroundAmplitude { get; set; } = 15;

    /// <summary>Electromagnetic interference spikes per second.</summary>
    public double EmiSpikesPerSecond { get; set; } = 0.002;

    /// <summary>Probability the operator presses the mark button after an alarm.</summary>
    public double MarkProbability { get; set; } = 0.95;

    /// <summary>First GPIO line offset on the simulated chip; deminer n uses 2n (alarm) and 2n+1 (mark).</summary>
    public int GpioFirstLine { get; set; }

    /// <summary>Detector adapter serial rate.</summary>
    public int Baud { get; set; } = 115200;

    /// <summary>The deminers' GNSS receivers.</summary>
    public GnssSpec Gnss { get; set; } = new();
}

/// <summary>A remote-controlled tiller machine working strips.</summary>
public sealed record MachineSpec
{
    /// <summary>Machine name; devices are "{name}-can" (SLCAN) and "{name}-gnss".</summary>
    public string Name { get; set; } = "mematt-1";

    /// <summary>Area worked in north–south strips (up and back), stepping east from the west edge.</summary>
    public RectSpec Area { get; set; } = new();

    /// <summary>Tiller working width, m (MEMATT 1.7).</summary>
    public double WidthM { get; set; } = 1.7;

    /// <summary>Overlap between neighbouring strips, m.</summary>
    public double OverlapM { get; set; } = 0.2;

    /// <summary>Tilling speed, km/h (MEMATT ≈1 effective).</summary>
    public double SpeedKmh { get; set; } = 1;

    /// <summary>Tiller working depth, cm (MEMATT up to 25).</summary>
    public double WorkingDepthCm { get; set; } = 25;

    /// <summary>Seconds for the U-turn at a strip end, tool raised.</summary>
    public double TurnSeconds { get; set; } = 30;

    /// <summary>Distance of the tiller ahead of the GNSS antenna, m.</summary>
    public double TillerAheadOfAntennaM { get; set; } = 2.5;

    /// <summary>Working engine speed, rpm.</summary>
    public double EngineRpm { get; set; } = 2000;

    /// <summary>Working tiller speed, rpm.</summary>
    public double TillerRpm { get; set; } = 400;

    /// <summary>CAN adapter serial rate.</summary>
    public int Baud { get; set; } = 115200;

    /// <summary>The machine's GNSS receiver (with dual-antenna heading).</summary>
    public GnssSpec Gnss { get; set; } = new() { Heading = true };
}

/// <summary>A survey drone flying a lawnmower pattern.</summary>
public sealed record DroneSpec
{
    /// <summary>Drone name; its device is "{name}-mavlink".</summary>
    public string Name { get; set; } = "drone-1";

    /// <summary>Area covered by the survey lines (east–west lines, stepping north).</summary>
    public RectSpec Area { get; set; } = new();

    /// <summary>Height above ground, m.</summary>
    public double AltitudeM { get; set; } = 1.5;

    /// <summary>Ground speed along survey lines, m/s.</summary>
    public double SpeedMps { get; set; } = 3;

    /// <summary>Distance between survey lines, m.</summary>
    public double LineSpacingM { get; set; } = 1;

    /// <summary>Endurance on one battery, s; the drone lands when it runs out.</summary>
    public double EnduranceSeconds { get; set; } = 1200;

    /// <summary>Magnetometer anomaly detection threshold, nT.</summary>
    public double DetectionThresholdNt { get; set; } = 5;

    /// <summary>Magnetometer noise sigma, nT.</summary>
    public double NoiseNt { get; set; } = 1.5;

    /// <summary>False detections per km of survey line.</summary>
    public double FalseDetectionsPerKm { get; set; } = 0.5;

    /// <summary>MAVLink system id.</summary>
    public int SystemId { get; set; } = 1;

    /// <summary>Telemetry link serial rate.</summary>
    public int Baud { get; set; } = 57600;

    /// <summary>The drone's GNSS (reported as GPS_RAW_INT / GLOBAL_POSITION_INT).</summary>
    public GnssSpec Gnss { get; set; } = new() { RateHz = 5 };
}
