using System.Buffers.Binary;

namespace Telemetry.Mqtt.Packets;

/// <summary>Writes MQTT data types into a span already sized for the packet.</summary>
internal ref struct MqttSpanWriter
{
    private readonly Span<byte> _buffer;

    public MqttSpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    public int Position { get; private set; }

    public void WriteByte(byte value) => _buffer[Position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
        Position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void WriteVariableByteInteger(int value) => Position += VariableByteInteger.Write(_buffer[Position..], value);

    /// <summary>Two-byte length then the bytes (strings and binary data alike).</summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteUInt16(checked((ushort)value.Length));
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[Position..]);
        Position += value.Length;
    }
}
