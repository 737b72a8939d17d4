using System.Text;

namespace Telemetry.Protocols.Tests.Nmea;

/// <summary>
/// Sentences from specifications, receiver manuals and published receiver logs. Every checksum was verified
/// independently (Python XOR) before it was added; a source with a wrong checksum would be a bad vector.
/// </summary>
internal static class NmeaVectors
{
    // NMEA 0183 reference examples as reproduced in gpsd's driver_nmea0183.c comments and most NMEA primers.
    public const string SpecGga = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";
    public const string SpecRmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A";

    // Trimble R7/R8 GPS Receiver User Guide, appendix A (NMEA-0183 output), GGA and GST examples.
    public const string TrimbleGga = "$GPGGA,172814.0,3723.46587704,N,12202.26957864,W,2,6,1.2,18.893,M,-25.669,M,2.0,0031*4F";
    public const string TrimbleGst = "$GPGST,172814.0,0.006,0.023,0.020,273.6,0.023,0.020,0.031*6A";

    // NovAtel OEM manual examples (GPGGA with station "AAAA", GPGST, GPRMC with 7 minute decimals).
    public const string NovAtelGga = "$GPGGA,134658.00,5106.9792,N,11402.3003,W,2,09,1.0,1048.47,M,-16.27,M,08,AAAA*60";
    public const string NovAtelGst = "$GPGST,141451.00,1.18,0.00,0.00,0.0000,0.00,0.00,0.00*6B";
    public const string NovAtelRmc = "$GPRMC,144326.00,A,5107.0017737,N,11402.3291611,W,0.080,323.3,210307,0.0,E,A*20";

    // u-blox receivers (NMEA 2.3 log; NMEA 4.10 ZED/NEO log with navStatus and GSA system id).
    public const string UbloxRmc = "$GPRMC,054423.00,A,3746.79275,N,12224.40754,W,1.730,,050815,,,A*67";
    public const string UbloxGga = "$GPGGA,054423.00,3746.79275,N,12224.40754,W,1,05,2.58,73.0,M,-29.7,M,,*58";
    public const string Ublox41Rmc = "$GNRMC,162521.00,A,0438.09178,N,07404.10137,W,0.446,,311019,,,A,V*03";
    public const string Ublox41Gga = "$GNGGA,162521.00,0438.09178,N,07404.10137,W,1,12,0.73,2609.5,M,4.7,M,,*54";
    public const string Ublox41Gsa = "$GNGSA,A,3,13,29,25,15,12,24,02,,,,,,1.31,0.73,1.09,1*03";
    public const string Ublox41Vtg = "$GNVTG,,T,,M,0.446,N,0.827,K,A*36";
    public const string UbloxNoFixRmc = "$GPRMC,,V,,,,,,,,,,N*53";
    public const string UbloxNoFixGga = "$GPGGA,,,,,,0,00,99.99,,,,,,*48";

    // Septentrio PolaRx2 log in gpsd's regression suite (GST, GNS, ZDA, VTG, GSA).
    public const string PolarxGns = "$GPGNS,112257.00,3844.24011,N,00908.43828,W,AN,03,10.5,,,,*57";
    public const string PolarxZda = "$GPZDA,112257.00,22,03,2012,,*66";
    public const string PolarxVtg = "$GPVTG,339.1,T,333.5,M,0.1,N,0.1,K,A*2D";
    public const string PolarxGsa = "$GPGSA,A,2,10,13,23,,,,,,,,,,10.5,10.5,*1F";

    // Hemisphere VS100 log (NOAA PSL cruise data): HDT and 8-decimal GGA.
    public const string HemisphereHdt = "$GPHDT,74.20,T*34";
    public const string HemisphereGga = "$GPGGA,195959.00,1541.31258893,N,05130.51204125,W,2,06,1.5,9.2,M,-37.6,M,4.0,0138*7E";

    // Domain reference §5.4 (RTK examples; checksums re-verified).
    public const string DomainGga = "$GNGGA,081530.00,3959.5860,N,04655.8000,E,4,18,0.6,352.1,M,-16.9,M,1.0,0001*78";
    public const string DomainRmc = "$GNRMC,081530.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V*2A";
    public const string DomainGst = "$GNGST,081530.00,0.012,0.011,0.008,35.0,0.009,0.010,0.018*7A";
    public const string DomainHdt = "$GNHDT,87.52,T*23";

    // Not decoded here: reported as unknown types.
    public const string UnknownGsv = "$GPGSV,3,3,11,14,08,283,,25,07,184,,05,03,142,*41";

    public static readonly string[] All =
    [
        SpecGga, SpecRmc, TrimbleGga, TrimbleGst, NovAtelGga, NovAtelGst, NovAtelRmc, UbloxRmc, UbloxGga,
        Ublox41Rmc, Ublox41Gga, Ublox41Gsa, Ublox41Vtg, UbloxNoFixRmc, UbloxNoFixGga, PolarxGns, PolarxZda,
        PolarxVtg, PolarxGsa, HemisphereHdt, HemisphereGga, DomainGga, DomainRmc, DomainGst, DomainHdt, UnknownGsv,
    ];

    public static TheoryData<string> Sentences => new(All);

    /// <summary>The sentence with CR LF, as it arrives on the wire.</summary>
    public static byte[] Line(string sentence) => Encoding.ASCII.GetBytes(sentence + "\r\n");
}
