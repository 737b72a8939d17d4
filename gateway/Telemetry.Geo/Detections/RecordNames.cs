using System.Text.Json;

namespace Telemetry.Geo.Detections;

// Property names of the detection record, encoded once (docs/schemas/detection.schema.json is the contract).
internal static class RecordNames
{
    internal const string SchemaId = "telemetry.detection/1";

    internal static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    internal static readonly JsonEncodedText SchemaValue = JsonEncodedText.Encode(SchemaId);
    internal static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    internal static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    internal static readonly JsonEncodedText Site = JsonEncodedText.Encode("site");
    internal static readonly JsonEncodedText Rig = JsonEncodedText.Encode("rig");
    internal static readonly JsonEncodedText Device = JsonEncodedText.Encode("device");
    internal static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    internal static readonly JsonEncodedText Signal = JsonEncodedText.Encode("signal");
    internal static readonly JsonEncodedText EventId = JsonEncodedText.Encode("event_id");
    internal static readonly JsonEncodedText MdAmplitude = JsonEncodedText.Encode("md_amplitude");
    internal static readonly JsonEncodedText MdPhaseDeg = JsonEncodedText.Encode("md_phase_deg");
    internal static readonly JsonEncodedText GprEnergy = JsonEncodedText.Encode("gpr_energy");
    internal static readonly JsonEncodedText GprDepthCm = JsonEncodedText.Encode("gpr_depth_cm");
    internal static readonly JsonEncodedText AlarmLevel = JsonEncodedText.Encode("alarm_level");
    internal static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
    internal static readonly JsonEncodedText OperatorMark = JsonEncodedText.Encode("operator_mark");
    internal static readonly JsonEncodedText AnomalyScore = JsonEncodedText.Encode("anomaly_score");
    internal static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    internal static readonly JsonEncodedText Utc = JsonEncodedText.Encode("utc");
    internal static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    internal static readonly JsonEncodedText MonotonicNs = JsonEncodedText.Encode("monotonic_ns");
    internal static readonly JsonEncodedText ClockJump = JsonEncodedText.Encode("clock_jump");
    internal static readonly JsonEncodedText Position = JsonEncodedText.Encode("position");
    internal static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    internal static readonly JsonEncodedText Stale = JsonEncodedText.Encode("stale");
    internal static readonly JsonEncodedText FixType = JsonEncodedText.Encode("fix_type");
    internal static readonly JsonEncodedText FixAgeS = JsonEncodedText.Encode("fix_age_s");
    internal static readonly JsonEncodedText Lat = JsonEncodedText.Encode("lat");
    internal static readonly JsonEncodedText Lon = JsonEncodedText.Encode("lon");
    internal static readonly JsonEncodedText HeightM = JsonEncodedText.Encode("height_m");
    internal static readonly JsonEncodedText AltitudeMslM = JsonEncodedText.Encode("altitude_msl_m");
    internal static readonly JsonEncodedText Utm = JsonEncodedText.Encode("utm");
    internal static readonly JsonEncodedText Zone = JsonEncodedText.Encode("zone");
    internal static readonly JsonEncodedText Hemisphere = JsonEncodedText.Encode("hemisphere");
    internal static readonly JsonEncodedText Easting = JsonEncodedText.Encode("easting");
    internal static readonly JsonEncodedText Northing = JsonEncodedText.Encode("northing");
    internal static readonly JsonEncodedText Epsg = JsonEncodedText.Encode("epsg");
    internal static readonly JsonEncodedText Mgrs = JsonEncodedText.Encode("mgrs");
    internal static readonly JsonEncodedText Accuracy = JsonEncodedText.Encode("accuracy");
    internal static readonly JsonEncodedText HorizontalSigmaM = JsonEncodedText.Encode("horizontal_sigma_m");
    internal static readonly JsonEncodedText HorizontalM = JsonEncodedText.Encode("horizontal_m");
    internal static readonly JsonEncodedText Confidence = JsonEncodedText.Encode("confidence");
    internal static readonly JsonEncodedText GnssSigmaM = JsonEncodedText.Encode("gnss_sigma_m");
    internal static readonly JsonEncodedText InterpolationSigmaM = JsonEncodedText.Encode("interpolation_sigma_m");
    internal static readonly JsonEncodedText LeverArmSigmaM = JsonEncodedText.Encode("lever_arm_sigma_m");
    internal static readonly JsonEncodedText VerticalSigmaM = JsonEncodedText.Encode("vertical_sigma_m");
    internal static readonly JsonEncodedText SigmaSource = JsonEncodedText.Encode("sigma_source");
    internal static readonly JsonEncodedText Satellites = JsonEncodedText.Encode("satellites");
    internal static readonly JsonEncodedText Hdop = JsonEncodedText.Encode("hdop");
    internal static readonly JsonEncodedText HeadingDeg = JsonEncodedText.Encode("heading_deg");
    internal static readonly JsonEncodedText HeadingSource = JsonEncodedText.Encode("heading_source");
    internal static readonly JsonEncodedText LeverArmApplied = JsonEncodedText.Encode("lever_arm_applied");
    internal static readonly JsonEncodedText Evidence = JsonEncodedText.Encode("evidence");
    internal static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
    internal static readonly JsonEncodedText Encoding = JsonEncodedText.Encode("encoding");
    internal static readonly JsonEncodedText Frame = JsonEncodedText.Encode("frame");
    internal static readonly JsonEncodedText Length = JsonEncodedText.Encode("length");
    internal static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
    internal static readonly JsonEncodedText ConfigHash = JsonEncodedText.Encode("config_hash");
    internal static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    internal static readonly JsonEncodedText Base64 = JsonEncodedText.Encode("base64");
    internal static readonly JsonEncodedText North = JsonEncodedText.Encode("N");
    internal static readonly JsonEncodedText South = JsonEncodedText.Encode("S");

    internal static JsonEncodedText Of(Geotagging.PositionStatus status) => status switch
    {
        Geotagging.PositionStatus.Interpolated => StatusInterpolated,
        Geotagging.PositionStatus.Exact => StatusExact,
        Geotagging.PositionStatus.Extrapolated => StatusExtrapolated,
        Geotagging.PositionStatus.Held => StatusHeld,
        Geotagging.PositionStatus.Stale => StatusStale,
        _ => StatusNone,
    };

    internal static JsonEncodedText Of(Telemetry.Geo.Time.ClockSource source) => source switch
    {
        Telemetry.Geo.Time.ClockSource.Gnss => ClockGnss,
        Telemetry.Geo.Time.ClockSource.SystemSynchronised => ClockSystem,
        _ => ClockUnsynchronised,
    };

    internal static JsonEncodedText Of(Gnss.PositionSource source) => source switch
    {
        Gnss.PositionSource.MachineGnss => SourceMachine,
        Gnss.PositionSource.DroneGnss => SourceDrone,
        _ => SourceRig,
    };

    internal static JsonEncodedText Of(Gnss.SigmaSource source) => source switch
    {
        Gnss.SigmaSource.Gst => SigmaGst,
        Gnss.SigmaSource.Hdop => SigmaHdop,
        _ => SigmaDefault,
    };

    internal static JsonEncodedText Of(Geotagging.HeadingSource source) => source switch
    {
        Geotagging.HeadingSource.Hdt => HeadingHdt,
        Geotagging.HeadingSource.Course => HeadingCourse,
        _ => HeadingUnknown,
    };

    internal static JsonEncodedText Of(Gnss.GnssFixType type) => FixTypes[(int)type <= 8 ? (int)type : 0];

    internal static JsonEncodedText Of(DetectionKind kind) => Kinds[(int)kind];

    private static readonly JsonEncodedText StatusNone = JsonEncodedText.Encode("none");
    private static readonly JsonEncodedText StatusInterpolated = JsonEncodedText.Encode("interpolated");
    private static readonly JsonEncodedText StatusExact = JsonEncodedText.Encode("exact");
    private static readonly JsonEncodedText StatusExtrapolated = JsonEncodedText.Encode("extrapolated");
    private static readonly JsonEncodedText StatusHeld = JsonEncodedText.Encode("held");
    private static readonly JsonEncodedText StatusStale = JsonEncodedText.Encode("stale");
    private static readonly JsonEncodedText ClockGnss = JsonEncodedText.Encode("gnss");
    private static readonly JsonEncodedText ClockSystem = JsonEncodedText.Encode("system_synchronised");
    private static readonly JsonEncodedText ClockUnsynchronised = JsonEncodedText.Encode("unsynchronised");
    private static readonly JsonEncodedText SourceRig = JsonEncodedText.Encode("rig_gnss");
    private static readonly JsonEncodedText SourceMachine = JsonEncodedText.Encode("machine_gnss");
    private static readonly JsonEncodedText SourceDrone = JsonEncodedText.Encode("drone_gnss");
    private static readonly JsonEncodedText SigmaGst = JsonEncodedText.Encode("gst");
    private static readonly JsonEncodedText SigmaHdop = JsonEncodedText.Encode("hdop_uere");
    private static readonly JsonEncodedText SigmaDefault = JsonEncodedText.Encode("fix_type_default");
    private static readonly JsonEncodedText HeadingHdt = JsonEncodedText.Encode("hdt");
    private static readonly JsonEncodedText HeadingCourse = JsonEncodedText.Encode("course");
    private static readonly JsonEncodedText HeadingUnknown = JsonEncodedText.Encode("unknown");

    private static readonly JsonEncodedText[] FixTypes =
        [.. Enumerable.Range(0, 9).Select(i => JsonEncodedText.Encode(Gnss.GnssFixTypes.JsonName((Gnss.GnssFixType)i)))];

    private static readonly JsonEncodedText[] Kinds =
        [.. Enum.GetValues<DetectionKind>().Select(k => JsonEncodedText.Encode(k.JsonName()))];
}
