using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Telemetry.Gateway.Outbox;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI (RFC 3720 §B.4), ext4 metadata and
/// many write-ahead logs. Chosen over CRC-32 (IEEE) because it has better error detection for the short records we
/// write and both x86 (SSE4.2) and arm64 (the Raspberry Pi 4/5's Cortex-A72/A76 with the CRC extension) compute it
/// in hardware. A table fallback keeps other CPUs correct.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;
    private static readonly uint[] Table = BuildTable();

    /// <summary>Checksum of <paramref name="data"/> from scratch.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFFu, data);

    /// <summary>Start value for an incremental computation.</summary>
    public const uint Seed = 0xFFFFFFFFu;

    /// <summary>Final value of an incremental computation.</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>Feeds <paramref name="data"/> into a running (not yet inverted) state.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            state = (uint)wide;
        }
        else if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
        }

        if (Sse42.IsSupported)
        {
            foreach (var b in data)
            {
                state = Sse42.Crc32(state, b);
            }

            return state;
        }

        if (Crc32.IsSupported)
        {
            foreach (var b in data)
            {
                state = Crc32.ComputeCrc32C(state, b);
            }

            return state;
        }

        return AppendSoftware(state, data);
    }

    /// <summary>The portable path, also used by tests to cross-check the hardware path.</summary>
    internal static uint AppendSoftware(uint state, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
