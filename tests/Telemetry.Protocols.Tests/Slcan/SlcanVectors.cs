using System.Text;

namespace Telemetry.Protocols.Tests.Slcan;

/// <summary>SLCAN lines from domain.md §3.5 and the Lawicel command table.</summary>
internal static class SlcanVectors
{
    /// <summary>domain.md §3.5: the EEC1 capture as received by an SLCAN adapter.</summary>
    public const string Eec1 = "T0CF004008FF7D7DE015FFF0FF\r";

    public const string Eec1WithTimestamp = "T0CF004008FF7D7DE015FFF0FF1A2B\r";

    public const string Standard = "t123411223344\r";

    public const string StandardEmpty = "t7FF0\r";

    public const string RemoteStandard = "r1238\r";

    public const string RemoteExtended = "R0CF004008\r";

    public const string Ack = "\r";

    public const string Error = "\a";

    public const string TransmitAckStandard = "z\r";

    public const string TransmitAckExtended = "Z\r";

    public const string Status = "F05\r";

    public const string Version = "V1013\r";

    public const string Serial = "NA123\r";

    public const string Lowercase = "T0cf004008ff7d7de015fff0ff\r";

    public static readonly string[] All =
    [
        Eec1, Eec1WithTimestamp, Standard, StandardEmpty, RemoteStandard, RemoteExtended, Ack, Error, TransmitAckStandard,
        TransmitAckExtended, Status, Version, Serial, Lowercase,
    ];

    public static byte[] Bytes(string line) => Encoding.ASCII.GetBytes(line);
}
