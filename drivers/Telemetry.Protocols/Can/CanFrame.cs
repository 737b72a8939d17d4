using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Can;

/// <summary>One classic CAN 2.0 frame: 11- or 29-bit identifier, data or remote, DLC 0–8.</summary>
public readonly struct CanFrame
{
    /// <summary>Largest 11-bit identifier.</summary>
    public const uint MaxStandardId = 0x7FF;

    /// <summary>Largest 29-bit identifier.</summary>
    public const uint MaxExtendedId = 0x1FFF_FFFF;

    /// <summary>Classic CAN carries at most 8 data bytes.</summary>
    public const int MaxLength = 8;

    private readonly CanData _data;

    private CanFrame(uint id, bool extended, bool remote, byte length, CanData data)
    {
        Id = id;
        IsExtended = extended;
        IsRemote = remote;
        Length = length;
        _data = data;
    }

    /// <summary>Identifier (11 or 29 bits).</summary>
    public uint Id { get; }

    /// <summary>True for a 29-bit identifier.</summary>
    public bool IsExtended { get; }

    /// <summary>True for a remote (RTR) frame, which carries a DLC but no data.</summary>
    public bool IsRemote { get; }

    /// <summary>Data length code, 0–8.</summary>
    public byte Length { get; }

    /// <summary>Data bytes (empty for a remote frame).</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Data => IsRemote ? [] : ((ReadOnlySpan<byte>)_data)[..Length];

    /// <summary>Creates a data frame; throws when the id or length is out of range (writer-side programming error).</summary>
    public static CanFrame Create(uint id, bool extended, ReadOnlySpan<byte> data)
    {
        Check(id, extended, data.Length);
        var buffer = default(CanData);
        data.CopyTo(buffer);
        return new CanFrame(id, extended, remote: false, (byte)data.Length, buffer);
    }

    /// <summary>Creates a remote frame asking for <paramref name="length"/> bytes.</summary>
    public static CanFrame CreateRemote(uint id, bool extended, int length)
    {
        Check(id, extended, length);
        return new CanFrame(id, extended, remote: true, (byte)length, default);
    }

    private static void Check(uint id, bool extended, int length)
    {
        if (id > (extended ? MaxExtendedId : MaxStandardId))
        {
            throw new ArgumentOutOfRangeException(nameof(id), $"CAN id 0x{id:X} does not fit {(extended ? 29 : 11)} bits.");
        }

        if ((uint)length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "Classic CAN DLC is 0–8.");
        }
    }

    /// <summary>Eight inline bytes so a frame never allocates.</summary>
    [InlineArray(MaxLength)]
    internal struct CanData
    {
        private byte _element0;
    }
}
