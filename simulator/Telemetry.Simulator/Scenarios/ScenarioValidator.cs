using System.Globalization;

namespace Telemetry.Simulator.Scenarios;

/// <summary>Checks a scenario once at load time so a run never fails half-way on a bad value.</summary>
internal static class ScenarioValidator
{
    public static void Validate(Scenario s, string source)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string problem)
        {
            if (!ok)
            {
                errors.Add($"{key}: {problem}");
            }
        }

        Check(s.DurationSeconds is > 0 and <= 7 * 86400, "durationSeconds", "must be between 0 and 604800 (a week); e.g. 600");
        Check(s.Site.Origin.Lat is >= -84 and <= 84, "site.origin.lat", "must be a latitude in degrees (UTM range −84…84); Aghdam is 39.993");
        Check(s.Site.Origin.Lon is >= -180 and <= 180, "site.origin.lon", "must be a longitude in degrees; Aghdam is 46.930");
        CheckPolygon(s.Site.Polygon, "site.polygon", required: true, errors);
        Check(s.ItemKinds.Count > 0, "itemKinds", "list at least one item kind (AP, AT, UXO, Fragment)");
        for (var i = 0; i < s.ItemKinds.Count; i++)
        {
            var k = s.ItemKinds[i];
            var key = $"itemKinds[{i}]";
            Check(k.DepthCm.Length == 2 && k.DepthCm[0] >= 0 && k.DepthCm[1] >= k.DepthCm[0] && k.DepthCm[1] <= 200, key + ".depthCm", "must be [min, max] with 0 ≤ min ≤ max ≤ 200");
            Check(k.MetalGramsMedian is > 0 and <= 1e6, key + ".metalGramsMedian", "must be > 0 g");
            Check(k.MetalGramsSigma is >= 0 and <= 3, key + ".metalGramsSigma", "must be between 0 and 3");
            Check(k.SignalPerGram is >= 0 and <= 1e6, key + ".signalPerGram", "must be ≥ 0");
            Check(k.GprResponse is >= 0 and <= 1, key + ".gprResponse", "must be between 0 and 1");
            Check(k.TillerDetonationProbability is >= 0 and <= 1, key + ".tillerDetonationProbability", "must be between 0 and 1");
        }

        for (var i = 0; i < s.HazardAreas.Count; i++)
        {
            var a = s.HazardAreas[i];
            var key = $"hazardAreas[{i}]";
            CheckPolygon(a.Polygon, key + ".polygon", required: false, errors);
            foreach (var (itemClass, density) in a.Density)
            {
                Check(density is >= 0 and <= 20, $"{key}.density.{itemClass}", "must be between 0 and 20 items per m²");
                Check(s.ItemKinds.Any(k => k.Class == itemClass), $"{key}.density.{itemClass}", $"no itemKinds entry has class {itemClass}; add one");
            }

            if (a.Rows is { } rows)
            {
                Check(rows.Count is >= 1 and <= 100, key + ".rows.count", "must be between 1 and 100");
                Check(rows.SpacingM is > 0 and <= 100, key + ".rows.spacingM", "must be > 0 m");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Rigs.DetectorTeams.Count; i++)
        {
            var t = s.Rigs.DetectorTeams[i];
            var key = $"rigs.detectorTeams[{i}]";
            Check(names.Add(t.Name), key + ".name", $"'{t.Name}' is used twice; rig names must be unique");
            Check(t.Deminers is >= 1 and <= 32, key + ".deminers", "must be between 1 and 32");
            CheckRect(t.Area, key + ".area", errors);
            Check(t.LaneWidthM is > 0.2 and <= 5, key + ".laneWidthM", "must be between 0.2 and 5 m; SOPs use 1");
            Check(t.SweepSpeedMps is > 0 and <= 3, key + ".sweepSpeedMps", "must be between 0 and 3 m/s");
            Check(t.AdvancePerSweepM is > 0 and <= 1, key + ".advancePerSweepM", "must be between 0 and 1 m");
            Check(t.SampleRateHz is >= 1 and <= 100, key + ".sampleRateHz", "must be between 1 and 100 Hz; e.g. 40");
            Check(t.AlarmThreshold is > 0 and < 1023, key + ".alarmThreshold", "must be between 0 and 1023 counts");
            Check(t.InvestigateSeconds >= 0, key + ".investigateSeconds", "must be ≥ 0");
            CheckGnss(t.Gnss, key + ".gnss", errors);
        }

        for (var i = 0; i < s.Rigs.Machines.Count; i++)
        {
            var m = s.Rigs.Machines[i];
            var key = $"rigs.machines[{i}]";
            Check(names.Add(m.Name), key + ".name", $"'{m.Name}' is used twice; rig names must be unique");
            CheckRect(m.Area, key + ".area", errors);
            Check(m.WidthM is > 0.5 and <= 5, key + ".widthM", "must be between 0.5 and 5 m; MEMATT is 1.7");
            Check(m.OverlapM >= 0 && m.OverlapM < m.WidthM, key + ".overlapM", "must be ≥ 0 and less than widthM");
            Check(m.SpeedKmh is > 0 and <= 10, key + ".speedKmh", "must be between 0 and 10 km/h; MEMATT tills at ≈1");
            Check(m.WorkingDepthCm is >= 0 and <= 60, key + ".workingDepthCm", "must be between 0 and 60 cm");
            CheckGnss(m.Gnss, key + ".gnss", errors);
        }

        for (var i = 0; i < s.Rigs.Drones.Count; i++)
        {
            var d = s.Rigs.Drones[i];
            var key = $"rigs.drones[{i}]";
            Check(names.Add(d.Name), key + ".name", $"'{d.Name}' is used twice; rig names must be unique");
            CheckRect(d.Area, key + ".area", errors);
            Check(d.AltitudeM is > 0.5 and <= 120, key + ".altitudeM", "must be between 0.5 and 120 m AGL");
            Check(d.SpeedMps is > 0 and <= 20, key + ".speedMps", "must be between 0 and 20 m/s");
            Check(d.LineSpacingM is > 0.1 and <= 100, key + ".lineSpacingM", "must be between 0.1 and 100 m");
            Check(d.SystemId is >= 1 and <= 255, key + ".systemId", "must be a MAVLink system id 1–255");
            CheckGnss(d.Gnss, key + ".gnss", errors);
        }

        var devices = DeviceNames(s);
        for (var i = 0; i < s.Faults.Count; i++)
        {
            var f = s.Faults[i];
            var key = $"faults[{i}]";
            Check(f.At >= 0, key + ".at", "must be ≥ 0 s");
            Check(f.DurationSeconds >= 0, key + ".durationSeconds", "must be ≥ 0 s");
            var needsDevice = f.Kind is not (FaultKind.ClockJump or FaultKind.BrokerOutage);
            Check(!needsDevice || (f.Device is not null && devices.Contains(f.Device)), key + ".device",
                $"'{f.Device}' is not a device of this scenario; one of: {string.Join(", ", devices)}");
            Check(f.Kind is not (FaultKind.Corrupt or FaultKind.Drop) || f.Rate is > 0 and <= 1, key + ".rate", "must be a probability per byte in (0, 1]");
            Check(f.Kind != FaultKind.Noise || f.Rate is > 0 and <= 100000, key + ".rate", "must be noise bytes per second in (0, 100000]");
            Check(f.Kind != FaultKind.BaudMismatch || f.ActualBaud is >= 300 and <= 4000000, key + ".actualBaud", "must be a baud rate, e.g. 9600");
        }

        for (var i = 0; i < s.Outputs.Count; i++)
        {
            var o = s.Outputs[i];
            var key = $"outputs[{i}]";
            Check(devices.Contains(o.Device), key + ".device", $"'{o.Device}' is not a device of this scenario; one of: {string.Join(", ", devices)}");
            Check(o.Kind is not (OutputKind.Pty or OutputKind.File) || !string.IsNullOrEmpty(o.Path), key + ".path", "is required for pty and file outputs");
            Check(o.Kind is not (OutputKind.Tcp or OutputKind.Udp) || !string.IsNullOrEmpty(o.Endpoint), key + ".endpoint", "is required for tcp and udp outputs, as host:port");
        }

        if (errors.Count > 0)
        {
            throw new ScenarioException(string.Create(CultureInfo.InvariantCulture, $"scenario {source}: {string.Join("; ", errors)}."));
        }
    }

    /// <summary>Every device name a scenario's rigs produce, in a stable order.</summary>
    public static IReadOnlyList<string> DeviceNames(Scenario s)
    {
        var list = new List<string>();
        foreach (var t in s.Rigs.DetectorTeams)
        {
            for (var n = 1; n <= t.Deminers; n++)
            {
                list.Add(DeviceNaming.Detector(t.Name, n));
                list.Add(DeviceNaming.DeminerGnss(t.Name, n));
            }
        }

        foreach (var m in s.Rigs.Machines)
        {
            list.Add(DeviceNaming.MachineCan(m.Name));
            list.Add(DeviceNaming.MachineGnss(m.Name));
        }

        foreach (var d in s.Rigs.Drones)
        {
            list.Add(DeviceNaming.Drone(d.Name));
        }

        return list;
    }

    private static void CheckPolygon(IReadOnlyList<double[]> polygon, string key, bool required, List<string> errors)
    {
        if (polygon.Count == 0 && !required)
        {
            return;
        }

        if (polygon.Count < 3 || polygon.Any(p => p.Length != 2))
        {
            errors.Add($"{key}: must list at least 3 [east, north] pairs in metres from the origin");
        }
    }

    private static void CheckRect(RectSpec r, string key, List<string> errors)
    {
        if (!(r.MaxEastM > r.MinEastM && r.MaxNorthM > r.MinNorthM))
        {
            errors.Add($"{key}: needs maxEastM > minEastM and maxNorthM > minNorthM (metres from the origin)");
        }
    }

    private static void CheckGnss(GnssSpec g, string key, List<string> errors)
    {
        if (g.RateHz is < 0.1 or > 20)
        {
            errors.Add($"{key}.rateHz: must be between 0.1 and 20 Hz; RTK rovers run at 10");
        }

        if (g.SigmaFixedM <= 0 || g.SigmaFloatM <= 0 || g.SigmaAutonomousM <= 0)
        {
            errors.Add($"{key}.sigma*M: every sigma must be > 0 m");
        }
    }
}

/// <summary>How devices are named from their rig (faults and outputs refer to these names).</summary>
public static class DeviceNaming
{
    /// <summary>Detector adapter of deminer n (1-based) of a team.</summary>
    public static string Detector(string team, int deminer) => string.Create(CultureInfo.InvariantCulture, $"{team}-d{deminer}-detector");

    /// <summary>GNSS receiver of deminer n of a team.</summary>
    public static string DeminerGnss(string team, int deminer) => string.Create(CultureInfo.InvariantCulture, $"{team}-d{deminer}-gnss");

    /// <summary>SLCAN adapter of a machine.</summary>
    public static string MachineCan(string machine) => machine + "-can";

    /// <summary>GNSS receiver of a machine.</summary>
    public static string MachineGnss(string machine) => machine + "-gnss";

    /// <summary>MAVLink telemetry link of a drone.</summary>
    public static string Drone(string drone) => drone + "-mavlink";
}
