using System.Buffers.Binary;

namespace Telemetry.Protocols.J1939;

/// <summary>
/// One SPN inside a parameter group: position, size, SAE scaling (value = raw × resolution + offset) and unit.
/// </summary>
/// <remarks>
/// SAE J1939-71 ranges: for 8/16/32-bit parameters raw values above 0xFA / 0xFAFF / 0xFAFFFFFF are not data
/// (0xFE… = error indicator, 0xFF… = not available). For 2- and 4-bit fields all ones is "not available".
/// Decoders report both as "no value"; writers emit not-available for NaN.
/// </remarks>
/// <param name="Name">snake_case name used in JSON.</param>
/// <param name="Spn">Suspect parameter number (0 for our proprietary parameters).</param>
/// <param name="StartByte">0-based first byte.</param>
/// <param name="StartBit">First bit inside <paramref name="StartByte"/> (0 = least significant).</param>
/// <param name="BitLength">Size in bits: 2, 4, 8, 16, 24 or 32.</param>
/// <param name="Resolution">Units per bit.</param>
/// <param name="Offset">Added after scaling.</param>
/// <param name="Unit">Unit text (empty for states and counts).</param>
public sealed record J1939Parameter(string Name, int Spn, int StartByte, int StartBit, int BitLength, double Resolution, double Offset, string Unit)
{
    private ulong Mask => BitLength == 64 ? ulong.MaxValue : (1UL << BitLength) - 1;

    /// <summary>Largest raw value that is data rather than an error or not-available indicator.</summary>
    public ulong MaxValidRaw => BitLength switch
    {
        8 => 0xFA,
        16 => 0xFAFF,
        24 => 0xFAFFFF,
        32 => 0xFAFF_FFFF,
        // Discrete 2- and 4-bit fields: all ones = not available, all ones but the last bit = error.
        _ => Mask - 2,
    };

    /// <summary>Reads the raw bits; false when the data is too short.</summary>
    public bool TryReadRaw(ReadOnlySpan<byte> data, out ulong raw)
    {
        var bytes = (StartBit + BitLength + 7) / 8;
        raw = 0;
        if (data.Length < StartByte + bytes)
        {
            return false;
        }

        Span<byte> word = stackalloc byte[8];
        word.Clear();
        data.Slice(StartByte, bytes).CopyTo(word);
        raw = (BinaryPrimitives.ReadUInt64LittleEndian(word) >> StartBit) & Mask;
        return true;
    }

    /// <summary>Reads the scaled value; false when absent, not available or an error indicator.</summary>
    public bool TryRead(ReadOnlySpan<byte> data, out double value)
    {
        value = double.NaN;
        if (!TryReadRaw(data, out var raw) || raw > MaxValidRaw)
        {
            return false;
        }

        value = (raw * Resolution) + Offset;
        return true;
    }

    /// <summary>
    /// Writes a scaled value, rounded to the nearest step and clamped to the valid range; NaN writes
    /// "not available" (all ones).
    /// </summary>
    public void Write(Span<byte> data, double value)
    {
        ulong raw;
        if (double.IsNaN(value))
        {
            raw = Mask;
        }
        else
        {
            var steps = Math.Round((value - Offset) / Resolution, MidpointRounding.AwayFromZero);
            raw = steps <= 0 ? 0 : steps >= MaxValidRaw ? MaxValidRaw : (ulong)steps;
        }

        WriteRaw(data, raw);
    }

    /// <summary>Writes raw bits, leaving the other bits of the touched bytes as they were.</summary>
    public void WriteRaw(Span<byte> data, ulong raw)
    {
        var bytes = (StartBit + BitLength + 7) / 8;
        Span<byte> word = stackalloc byte[8];
        word.Clear();
        data.Slice(StartByte, bytes).CopyTo(word);
        var current = BinaryPrimitives.ReadUInt64LittleEndian(word);
        current = (current & ~(Mask << StartBit)) | ((raw & Mask) << StartBit);
        BinaryPrimitives.WriteUInt64LittleEndian(word, current);
        word[..bytes].CopyTo(data.Slice(StartByte, bytes));
    }
}
