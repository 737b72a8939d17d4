using System.Buffers.Binary;

namespace Telemetry.Mqtt.Packets;

/// <summary>
/// Cursor over one complete packet's bytes. Every read checks what is left first: a field running past the end
/// of the packet is a malformed packet, never an exception. The first failure is kept in <see cref="Error"/>.
/// </summary>
public ref struct MqttReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    /// <summary>Reads <paramref name="buffer"/> from its start.</summary>
    public MqttReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Error = MqttReasonCode.Success;
    }

    /// <summary>First failure met, or <see cref="MqttReasonCode.Success"/>.</summary>
    public MqttReasonCode Error { get; private set; }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Records <paramref name="code"/> unless an earlier failure is already recorded; returns false.</summary>
    public bool Fail(MqttReasonCode code)
    {
        if (Error == MqttReasonCode.Success)
        {
            Error = code;
        }

        return false;
    }

    /// <summary>Reads one byte.</summary>
    public bool TryReadByte(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return Fail(MqttReasonCode.MalformedPacket);
        }

        value = _buffer[_position++];
        return true;
    }

    /// <summary>Reads a big-endian two byte integer (§1.5.2).</summary>
    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return Fail(MqttReasonCode.MalformedPacket);
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return true;
    }

    /// <summary>Reads a big-endian four byte integer (§1.5.3).</summary>
    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return Fail(MqttReasonCode.MalformedPacket);
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return true;
    }

    /// <summary>Reads a variable byte integer (§1.5.5); a truncated or over-long one is malformed.</summary>
    public bool TryReadVariableByteInteger(out int value)
    {
        if (VariableByteInteger.TryRead(_buffer[_position..], out value, out var length) != System.Buffers.OperationStatus.Done)
        {
            return Fail(MqttReasonCode.MalformedPacket);
        }

        _position += length;
        return true;
    }

    /// <summary>Reads two-byte-length-prefixed binary data (§1.5.6).</summary>
    public bool TryReadBinary(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadUInt16(out var length))
        {
            return false;
        }

        if (Remaining < length)
        {
            // The length prefix claims more than the packet holds: an over-long string.
            return Fail(MqttReasonCode.MalformedPacket);
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads a UTF-8 encoded string (§1.5.4): well-formed, no U+0000, else malformed.</summary>
    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        if (!TryReadBinary(out value))
        {
            return false;
        }

        return MqttUtf8.IsValid(value) || Fail(MqttReasonCode.MalformedPacket);
    }

    /// <summary>Takes <paramref name="length"/> bytes as they are.</summary>
    public bool TryReadBytes(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || Remaining < length)
        {
            value = default;
            return Fail(MqttReasonCode.MalformedPacket);
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Takes everything left (a PUBLISH payload, a SUBACK's reason codes).</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _buffer[_position..];
        _position = _buffer.Length;
        return rest;
    }
}
