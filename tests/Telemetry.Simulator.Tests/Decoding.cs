using System.Buffers;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Simulator.Tests;

/// <summary>Runs the parsing core's framers over simulator output, as the gateway would.</summary>
internal static class Decoding
{
    public static (List<byte[]> Frames, FrameCounters Counters) Nmea(ReadOnlyMemory<byte> bytes) => Scan(bytes, new NmeaFramer());

    public static (List<byte[]> Frames, FrameCounters Counters) Mavlink(ReadOnlyMemory<byte> bytes) => Scan(bytes, new MavlinkFramer());

    public static (List<byte[]> Frames, FrameCounters Counters) Scan<TFramer>(ReadOnlyMemory<byte> bytes, TFramer framer)
        where TFramer : IFramer
    {
        var counters = new FrameCounters();
        var handler = new Collector([]);
        var buffer = new ReadOnlySequence<byte>(bytes);
        FrameScanner.Scan(ref buffer, framer, ref handler, counters, isFinal: true);
        return (handler.Frames, counters);
    }

    /// <summary>NMEA sentence type (e.g. "GGA", "PXDMD") of a frame.</summary>
    public static string TypeOf(byte[] frame)
    {
        var text = System.Text.Encoding.ASCII.GetString(frame);
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var address = text[1..comma];
        return address.StartsWith('P') ? address : address[2..];
    }

    private readonly record struct Collector(List<byte[]> Frames) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => Frames.Add(frame.ToArray());

        public void OnRejected(FrameError error, long byteCount)
        {
        }
    }
}
