namespace Telemetry.Protocols.Tests.Mavlink;

/// <summary>
/// Known-answer frames. CRCs (and the signature) were checked with an independent Python implementation of
/// CRC-16/MCRF4XX and hashlib SHA-256, not with the code under test.
/// </summary>
internal static class MavlinkVectors
{
    /// <summary>domain.md §4.4: HEARTBEAT sys 1 comp 1 seq 0; type 2, autopilot 3, base_mode 0x51, state 4.</summary>
    public static readonly byte[] Heartbeat = Hex.Bytes("FD 09 00 00 00 01 01 00 00 00 00 00 00 00 02 03 51 04 03 E7 1E");

    /// <summary>domain.md §4.4: GLOBAL_POSITION_INT sys 1 comp 1 seq 7; 39.9931 N 46.9300 E, 350 m, rel 15 m, vx 5 m/s, hdg 90°.</summary>
    public static readonly byte[] GlobalPositionInt = Hex.Bytes(
        "FD 1C 00 00 07 01 01 21 00 00 40 E2 01 00 78 76 D6 17 20 F3 F8 1B 30 57 05 00 98 3A 00 00 F4 01 00 00 00 00 28 23 CE 3E");

    /// <summary>docs/protocols/drone.md §3.4: SURVEY_DETECTION, payload truncated from 53 to 46 bytes.</summary>
    public static readonly byte[] SurveyDetection = Hex.Bytes(
        "FD 2E 00 00 03 01 BF 98 B7 00 00 58 EB F8 41 44 06 00 2A 00 00 00 78 76 D6 17 20 F3 F8 1B 30 57 05 00 00 00 48 41"
        + "0F 00 96 00 01 01 57 4D 41 47 2D 41 4E 4F 4D 41 4C 59 E4 B5");

    /// <summary>The HEARTBEAT above, signed: key bytes 0..31, link 7, timestamp 0x0123456789AB.</summary>
    public static readonly byte[] HeartbeatSigned = Hex.Bytes(
        "FD 09 01 00 00 01 01 00 00 00 00 00 00 00 02 03 51 04 03 00 E6 07 AB 89 67 45 23 01 03 E4 CE 84 D3 D9");

    public static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    public static readonly byte[][] All = [Heartbeat, GlobalPositionInt, SurveyDetection];
}

/// <summary>More independent vectors (Python), covering MAVLink 1, floats and truncated extensions.</summary>
internal static class MavlinkMoreVectors
{
    /// <summary>The HEARTBEAT as MAVLink 1, seq 5.</summary>
    public static readonly byte[] HeartbeatV1 = Hex.Bytes("FE 09 05 01 01 00 00 00 00 00 02 03 51 04 03 2E 50");

    /// <summary>ATTITUDE seq 9: time 1000 ms, roll 0.1, pitch -0.2, yaw 1.5 rad, rates 0 (12 zero bytes truncated).</summary>
    public static readonly byte[] Attitude = Hex.Bytes("FD 10 00 00 09 01 01 1E 00 00 E8 03 00 00 CD CC CC 3D CD CC 4C BE 00 00 C0 3F A4 53");

    /// <summary>GPS_RAW_INT seq 1: RTK fixed, 17 sats, h_acc 12 mm, v_acc 20 mm; truncated 52 → 39.</summary>
    public static readonly byte[] GpsRawInt = Hex.Bytes(
        "FD 27 00 00 01 01 01 18 00 00 00 58 EB F8 41 44 06 00 78 76 D6 17 20 F3 F8 1B 30 57 05 00 78 00 B4 00 F4 01 28 23 06 11"
        + "00 00 00 00 0C 00 00 00 14 72 E6");
}
