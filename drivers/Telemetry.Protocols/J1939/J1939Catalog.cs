using System.Diagnostics.CodeAnalysis;

namespace Telemetry.Protocols.J1939;

/// <summary>
/// The parameter groups the gateway decodes. Standard groups follow SAE J1939-71 as summarised in domain.md §3.4
/// (byte positions there are 1-based; here 0-based). MEMATT groups are our own specification: docs/protocols/mematt.md.
/// </summary>
public static class J1939Catalog
{
    // --- SAE J1939-71 standard groups -------------------------------------------------------------------------

    /// <summary>SPN 899 engine torque mode (EEC1 byte 1, bits 1–4).</summary>
    public static readonly J1939Parameter EngineTorqueMode = new("engine_torque_mode", 899, 0, 0, 4, 1, 0, "");

    /// <summary>SPN 512 driver's demand engine torque, 1 %/bit, −125 %.</summary>
    public static readonly J1939Parameter DriverDemandTorque = new("driver_demand_torque", 512, 1, 0, 8, 1, -125, "%");

    /// <summary>SPN 513 actual engine torque, 1 %/bit, −125 %.</summary>
    public static readonly J1939Parameter ActualEngineTorque = new("actual_engine_torque", 513, 2, 0, 8, 1, -125, "%");

    /// <summary>SPN 190 engine speed, 0.125 rpm/bit (EEC1 bytes 4–5).</summary>
    public static readonly J1939Parameter EngineSpeed = new("engine_speed", 190, 3, 0, 16, 0.125, 0, "rpm");

    /// <summary>SPN 1483 source address of the controlling device.</summary>
    public static readonly J1939Parameter ControllingDeviceAddress = new("controlling_device_address", 1483, 5, 0, 8, 1, 0, "");

    /// <summary>SPN 110 engine coolant temperature, 1 °C/bit, −40 °C (ET1 byte 1).</summary>
    public static readonly J1939Parameter CoolantTemperature = new("coolant_temperature", 110, 0, 0, 8, 1, -40, "°C");

    /// <summary>SPN 174 fuel temperature, 1 °C/bit, −40 °C.</summary>
    public static readonly J1939Parameter FuelTemperature = new("fuel_temperature", 174, 1, 0, 8, 1, -40, "°C");

    /// <summary>SPN 175 engine oil temperature, 0.03125 °C/bit, −273 °C.</summary>
    public static readonly J1939Parameter OilTemperature = new("oil_temperature", 175, 2, 0, 16, 0.03125, -273, "°C");

    /// <summary>SPN 100 engine oil pressure, 4 kPa/bit (EFL/P1 byte 4).</summary>
    public static readonly J1939Parameter OilPressure = new("oil_pressure", 100, 3, 0, 8, 4, 0, "kPa");

    /// <summary>SPN 96 fuel level 1, 0.4 %/bit (DD byte 2).</summary>
    public static readonly J1939Parameter FuelLevel = new("fuel_level", 96, 1, 0, 8, 0.4, 0, "%");

    /// <summary>SPN 183 engine fuel rate, 0.05 L/h per bit (LFE1 bytes 1–2).</summary>
    public static readonly J1939Parameter FuelRate = new("fuel_rate", 183, 0, 0, 16, 0.05, 0, "L/h");

    /// <summary>SPN 247 engine total hours of operation, 0.05 h/bit (HOURS bytes 1–4).</summary>
    public static readonly J1939Parameter EngineHours = new("engine_hours", 247, 0, 0, 32, 0.05, 0, "h");

    /// <summary>SPN 249 engine total revolutions, 1000 r/bit (HOURS bytes 5–8).</summary>
    public static readonly J1939Parameter EngineRevolutions = new("engine_revolutions", 249, 4, 0, 32, 1000, 0, "r");

    /// <summary>SPN 84 wheel-based vehicle speed, 1/256 km/h per bit (CCVS1 bytes 2–3).</summary>
    public static readonly J1939Parameter WheelSpeed = new("wheel_based_speed", 84, 1, 0, 16, 1.0 / 256, 0, "km/h");

    /// <summary>SPN 584 latitude, 1e-7 deg/bit, −210° (VP bytes 1–4).</summary>
    public static readonly J1939Parameter Latitude = new("latitude", 584, 0, 0, 32, 1e-7, -210, "deg");

    /// <summary>SPN 585 longitude, 1e-7 deg/bit, −210° (VP bytes 5–8).</summary>
    public static readonly J1939Parameter Longitude = new("longitude", 585, 4, 0, 32, 1e-7, -210, "deg");

    /// <summary>SPN 168 battery potential, 0.05 V/bit (VEP1 bytes 5–6).</summary>
    public static readonly J1939Parameter BatteryPotential = new("battery_potential", 168, 4, 0, 16, 0.05, 0, "V");

    /// <summary>SPN 1638 hydraulic temperature, 1 °C/bit, −40 °C (VF byte 1).</summary>
    public static readonly J1939Parameter HydraulicTemperature = new("hydraulic_temperature", 1638, 0, 0, 8, 1, -40, "°C");

    /// <summary>EEC1, PGN 61444 (0xF004).</summary>
    public static readonly J1939ParameterGroup Eec1 = new(61444, "EEC1", "Electronic Engine Controller 1", 8,
        [EngineTorqueMode, DriverDemandTorque, ActualEngineTorque, EngineSpeed, ControllingDeviceAddress]);

    /// <summary>ET1, PGN 65262 (0xFEEE).</summary>
    public static readonly J1939ParameterGroup Et1 = new(65262, "ET1", "Engine Temperature 1", 8, [CoolantTemperature, FuelTemperature, OilTemperature]);

    /// <summary>EFL/P1, PGN 65263 (0xFEEF).</summary>
    public static readonly J1939ParameterGroup Eflp1 = new(65263, "EFL/P1", "Engine Fluid Level/Pressure 1", 8, [OilPressure]);

    /// <summary>DD, PGN 65276 (0xFEFC).</summary>
    public static readonly J1939ParameterGroup Dd = new(65276, "DD", "Dash Display", 8, [FuelLevel]);

    /// <summary>LFE1, PGN 65266 (0xFEF2).</summary>
    public static readonly J1939ParameterGroup Lfe1 = new(65266, "LFE1", "Fuel Economy (Liquid)", 8, [FuelRate]);

    /// <summary>HOURS, PGN 65253 (0xFEE5).</summary>
    public static readonly J1939ParameterGroup Hours = new(65253, "HOURS", "Engine Hours, Revolutions", 8, [EngineHours, EngineRevolutions]);

    /// <summary>CCVS1, PGN 65265 (0xFEF1).</summary>
    public static readonly J1939ParameterGroup Ccvs1 = new(65265, "CCVS1", "Cruise Control/Vehicle Speed 1", 8, [WheelSpeed]);

    /// <summary>VP, PGN 65267 (0xFEF3).</summary>
    public static readonly J1939ParameterGroup Vp = new(65267, "VP", "Vehicle Position", 8, [Latitude, Longitude]);

    /// <summary>VEP1, PGN 65271 (0xFEF7).</summary>
    public static readonly J1939ParameterGroup Vep1 = new(65271, "VEP1", "Vehicle Electrical Power 1", 8, [BatteryPotential]);

    /// <summary>VF, PGN 65128 (0xFE68).</summary>
    public static readonly J1939ParameterGroup Vf = new(65128, "VF", "Vehicle Fluids", 8, [HydraulicTemperature]);

    // --- MEMATT tiller, proprietary B (PF 0xFF): our own specification, docs/protocols/mematt.md -------------

    /// <summary>Tiller drum speed, 0.125 rpm/bit.</summary>
    public static readonly J1939Parameter TillerSpeed = new("tiller_speed", 0, 0, 0, 16, 0.125, 0, "rpm");

    /// <summary>Tool working depth below ground, 0.1 cm/bit.</summary>
    public static readonly J1939Parameter WorkingDepth = new("working_depth", 0, 2, 0, 16, 0.1, 0, "cm");

    /// <summary>Tiller hydraulic pressure, 0.1 bar/bit.</summary>
    public static readonly J1939Parameter HydraulicPressure = new("hydraulic_pressure", 0, 4, 0, 16, 0.1, 0, "bar");

    /// <summary>Tiller hydraulic oil temperature, 1 °C/bit, −40 °C.</summary>
    public static readonly J1939Parameter TillerOilTemperature = new("hydraulic_oil_temperature", 0, 6, 0, 8, 1, -40, "°C");

    /// <summary>Peak acceleration of the last shock on the tool frame, 0.01 g/bit.</summary>
    public static readonly J1939Parameter PeakShock = new("peak_shock", 0, 0, 0, 16, 0.01, 0, "g");

    /// <summary>Detonations detected since the controller was commissioned (count).</summary>
    public static readonly J1939Parameter DetonationCount = new("detonation_count", 0, 2, 0, 16, 1, 0, "");

    /// <summary>Shocks above the stone threshold since commissioning (count).</summary>
    public static readonly J1939Parameter ShockCount = new("shock_count", 0, 4, 0, 16, 1, 0, "");

    /// <summary>Machine state: 0 idle, 1 transit, 2 tilling, 3 failsafe stop, 4 emergency stop, 5 fault.</summary>
    public static readonly J1939Parameter MachineState = new("machine_state", 0, 0, 0, 8, 1, 0, "");

    /// <summary>Remote-control link quality, 0.4 %/bit.</summary>
    public static readonly J1939Parameter RemoteLinkQuality = new("remote_link_quality", 0, 1, 0, 8, 0.4, 0, "%");

    /// <summary>Remote-control received signal strength, 1 dBm/bit, −250 dBm.</summary>
    public static readonly J1939Parameter RemoteLinkRssi = new("remote_link_rssi", 0, 2, 0, 8, 1, -250, "dBm");

    /// <summary>Tiller engaged: 0 off, 1 on (2 bits).</summary>
    public static readonly J1939Parameter TillerEngaged = new("tiller_engaged", 0, 3, 0, 2, 1, 0, "");

    /// <summary>MEMATT_TOOL, PGN 65296 (0xFF10).</summary>
    public static readonly J1939ParameterGroup MemattTool = new(0xFF10, "MEMATT_TOOL", "MEMATT tiller tool status", 8,
        [TillerSpeed, WorkingDepth, HydraulicPressure, TillerOilTemperature]);

    /// <summary>MEMATT_SHOCK, PGN 65297 (0xFF11).</summary>
    public static readonly J1939ParameterGroup MemattShock = new(0xFF11, "MEMATT_SHOCK", "MEMATT shock and detonation counter", 8,
        [PeakShock, DetonationCount, ShockCount]);

    /// <summary>MEMATT_STATE, PGN 65298 (0xFF12).</summary>
    public static readonly J1939ParameterGroup MemattState = new(0xFF12, "MEMATT_STATE", "MEMATT machine state and remote link", 8,
        [MachineState, RemoteLinkQuality, RemoteLinkRssi, TillerEngaged]);

    /// <summary>TP.CM, PGN 60416 (0xEC00): transport protocol connection management.</summary>
    public const uint TransportConnectionPgn = 0xEC00;

    /// <summary>TP.DT, PGN 60160 (0xEB00): transport protocol data transfer.</summary>
    public const uint TransportDataPgn = 0xEB00;

    /// <summary>Every decodable group.</summary>
    public static IReadOnlyList<J1939ParameterGroup> All { get; } =
        [Eec1, Et1, Eflp1, Dd, Lfe1, Hours, Ccvs1, Vp, Vep1, Vf, MemattTool, MemattShock, MemattState];

    /// <summary>Finds a group by PGN.</summary>
    public static bool TryGet(uint pgn, [MaybeNullWhen(false)] out J1939ParameterGroup group)
    {
        foreach (var candidate in All)
        {
            if (candidate.Pgn == pgn)
            {
                group = candidate;
                return true;
            }
        }

        group = null;
        return false;
    }
}
