using Telemetry.Drivers.Interop;

namespace Telemetry.Drivers.Serial;

/// <summary>The kernel's fixed Bxxx rate codes (asm-generic/termbits.h); any other rate uses BOTHER.</summary>
internal static class BaudRates
{
    private static readonly Dictionary<int, uint> Codes = new()
    {
        [50] = 0x1, [75] = 0x2, [110] = 0x3, [134] = 0x4, [150] = 0x5, [200] = 0x6, [300] = 0x7, [600] = 0x8,
        [1200] = 0x9, [1800] = 0xA, [2400] = 0xB, [4800] = 0xC, [9600] = 0xD, [19200] = 0xE, [38400] = 0xF,
        [57600] = 0x1001, [115200] = 0x1002, [230400] = 0x1003, [460800] = 0x1004, [500000] = 0x1005,
        [576000] = 0x1006, [921600] = 0x1007, [1000000] = 0x1008, [1152000] = 0x1009, [1500000] = 0x100A,
        [2000000] = 0x100B, [2500000] = 0x100C, [3000000] = 0x100D, [3500000] = 0x100E, [4000000] = 0x100F,
    };

    /// <summary>The CBAUD field for <paramref name="baud"/>: its Bxxx code, or BOTHER for a custom rate.</summary>
    public static uint CodeFor(int baud) => Codes.TryGetValue(baud, out var code) ? code : Libc.BOTHER;

    /// <summary>True when <paramref name="baud"/> has a fixed code (works even on drivers without BOTHER).</summary>
    public static bool IsStandard(int baud) => Codes.ContainsKey(baud);

    /// <summary>
    /// Whether the rate the driver reports is close enough to the one asked for. A UART divides its clock, so the
    /// kernel stores the nearest rate it can make; beyond the tolerance bytes would be garbled, so we refuse.
    /// </summary>
    public static bool Accepts(int requested, uint actual, double tolerance) =>
        actual != 0 && Math.Abs(actual - (double)requested) <= requested * tolerance;
}
