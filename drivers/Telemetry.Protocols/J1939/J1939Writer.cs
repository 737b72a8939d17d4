using System.Buffers.Binary;
using Telemetry.Protocols.Can;

namespace Telemetry.Protocols.J1939;

/// <summary>Builds J1939 CAN frames: single-frame groups and the transport-protocol frames (BAM, RTS/CTS) for the simulator.</summary>
public static class J1939Writer
{
    private const int PacketBytes = 7;

    /// <summary>A single-frame message.</summary>
    public static CanFrame CreateFrame(in J1939Id id, ReadOnlySpan<byte> data) => CanFrame.Create(id.ToCanId(), extended: true, data);

    /// <summary>
    /// A broadcast multi-packet message: TP.CM BAM then TP.DT packets (last one padded with 0xFF).
    /// <paramref name="frames"/> must hold 1 + ceil(size / 7) frames; returns the count written.
    /// </summary>
    public static int WriteBam(byte priority, uint pgn, byte source, ReadOnlySpan<byte> data, Span<CanFrame> frames)
    {
        var packets = CheckSize(data, frames);
        Span<byte> cm = stackalloc byte[8];
        Announce(cm, 32, data.Length, packets, 0xFF, pgn);
        frames[0] = CreateFrame(J1939Id.Create(priority, J1939Catalog.TransportConnectionPgn, source, J1939Id.GlobalAddress), cm);
        WritePackets(priority, source, J1939Id.GlobalAddress, data, frames[1..]);
        return 1 + packets;
    }

    /// <summary>
    /// The sender's side of a connection-mode transfer: TP.CM RTS then every TP.DT packet. The receiver's CTS and
    /// EoMA come from <see cref="CreateClearToSend"/> and <see cref="CreateEndOfMessageAck"/>.
    /// </summary>
    public static int WriteRtsAndPackets(byte priority, uint pgn, byte source, byte destination, ReadOnlySpan<byte> data, Span<CanFrame> frames)
    {
        var packets = CheckSize(data, frames);
        Span<byte> cm = stackalloc byte[8];
        Announce(cm, 16, data.Length, packets, 0xFF, pgn);
        frames[0] = CreateFrame(J1939Id.Create(priority, J1939Catalog.TransportConnectionPgn, source, destination), cm);
        WritePackets(priority, source, destination, data, frames[1..]);
        return 1 + packets;
    }

    /// <summary>TP.CM CTS from <paramref name="receiver"/> to <paramref name="sender"/>.</summary>
    public static CanFrame CreateClearToSend(byte receiver, byte sender, byte count, byte nextPacket, uint pgn)
    {
        Span<byte> cm = [17, count, nextPacket, 0xFF, 0xFF, (byte)pgn, (byte)(pgn >> 8), (byte)(pgn >> 16)];
        return CreateFrame(J1939Id.Create(7, J1939Catalog.TransportConnectionPgn, receiver, sender), cm);
    }

    /// <summary>TP.CM EoMA from <paramref name="receiver"/> to <paramref name="sender"/>.</summary>
    public static CanFrame CreateEndOfMessageAck(byte receiver, byte sender, int size, uint pgn)
    {
        Span<byte> cm = stackalloc byte[8];
        Announce(cm, 19, size, (size + PacketBytes - 1) / PacketBytes, 0xFF, pgn);
        return CreateFrame(J1939Id.Create(7, J1939Catalog.TransportConnectionPgn, receiver, sender), cm);
    }

    /// <summary>TP.CM Abort with a J1939-21 reason code.</summary>
    public static CanFrame CreateAbort(byte source, byte destination, byte reason, uint pgn)
    {
        Span<byte> cm = [255, reason, 0xFF, 0xFF, 0xFF, (byte)pgn, (byte)(pgn >> 8), (byte)(pgn >> 16)];
        return CreateFrame(J1939Id.Create(7, J1939Catalog.TransportConnectionPgn, source, destination), cm);
    }

    private static int CheckSize(ReadOnlySpan<byte> data, Span<CanFrame> frames)
    {
        if (data.Length is < 9 or > J1939TransportOptions.MaxMessageSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "Transport protocol carries 9–1785 bytes.");
        }

        var packets = (data.Length + PacketBytes - 1) / PacketBytes;
        if (frames.Length < 1 + packets)
        {
            throw new ArgumentException($"Need room for {1 + packets} frames.", nameof(frames));
        }

        return packets;
    }

    private static void Announce(Span<byte> cm, byte control, int size, int packets, byte fourth, uint pgn)
    {
        cm[0] = control;
        BinaryPrimitives.WriteUInt16LittleEndian(cm[1..], (ushort)size);
        cm[3] = (byte)packets;
        cm[4] = fourth;
        cm[5] = (byte)pgn;
        cm[6] = (byte)(pgn >> 8);
        cm[7] = (byte)(pgn >> 16);
    }

    private static void WritePackets(byte priority, byte source, byte destination, ReadOnlySpan<byte> data, Span<CanFrame> frames)
    {
        var id = J1939Id.Create(priority, J1939Catalog.TransportDataPgn, source, destination);
        Span<byte> dt = stackalloc byte[8];
        for (var i = 0; i * PacketBytes < data.Length; i++)
        {
            dt.Fill(0xFF);
            dt[0] = (byte)(i + 1);
            var chunk = data[(i * PacketBytes)..Math.Min(data.Length, (i + 1) * PacketBytes)];
            chunk.CopyTo(dt[1..]);
            frames[i] = CreateFrame(id, dt);
        }
    }
}
