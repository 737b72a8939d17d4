using System.Text;

namespace Telemetry.Benchmarks.Nmea;

/// <summary>One realistic sentence per decoded type (manual/spec vectors and detector.md examples).</summary>
internal static class NmeaSamples
{
    public static readonly IReadOnlyDictionary<string, string> ByType = new Dictionary<string, string>
    {
        ["GGA"] = "$GPGGA,172814.0,3723.46587704,N,12202.26957864,W,2,6,1.2,18.893,M,-25.669,M,2.0,0031*4F",
        ["RMC"] = "$GNRMC,081530.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V*2A",
        ["GST"] = "$GPGST,172814.0,0.006,0.023,0.020,273.6,0.023,0.020,0.031*6A",
        ["VTG"] = "$GPVTG,339.1,T,333.5,M,0.1,N,0.1,K,A*2D",
        ["HDT"] = "$GNHDT,87.52,T*23",
        ["ZDA"] = "$GPZDA,112257.00,22,03,2012,,*66",
        ["GSA"] = "$GNGSA,A,3,13,29,25,15,12,24,02,,,,,,1.31,0.73,1.09,1*03",
        ["GNS"] = "$GPGNS,112257.00,3844.24011,N,00908.43828,W,AN,03,10.5,,,,*57",
        ["PXDMD"] = "$PXDMD,1234,5321.46,512,-12,380,12,7,86,3*6E",
        ["PXDMA"] = "$PXDMA,1262,5322.04,17,F,D,702,455,440*5E",
        ["PXDMS"] = "$PXDMS,1301,5325.12,40217,VMR3,7.42,86,MDGPR,L,0000,0000*26",
    };

    public static byte[] Line(string type) => Encoding.ASCII.GetBytes(ByType[type] + "\r\n");
}
