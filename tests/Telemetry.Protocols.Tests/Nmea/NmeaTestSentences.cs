using System.Buffers;
using System.Text;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Protocols.Tests.Nmea;

/// <summary>Helpers that build and frame sentences independently of the writer under test.</summary>
internal static class NmeaTestSentences
{
    /// <summary>Adds <c>$</c>, a checksum computed here (not by the code under test) and CR LF.</summary>
    public static byte[] WithChecksum(string body)
    {
        var sum = body.Aggregate(0, (acc, c) => acc ^ c);
        return Encoding.ASCII.GetBytes($"${body}*{sum:X2}\r\n");
    }

    /// <summary>Frames one line with <see cref="NmeaFramer"/> and asserts it is one complete frame.</summary>
    public static byte[] Frame(byte[] line)
    {
        var buffer = new ReadOnlySequence<byte>(line);
        var status = new NmeaFramer().TryReadFrame(ref buffer, out var frame, out var error);
        Assert.True(status == Framing.FrameStatus.Complete, $"{Encoding.ASCII.GetString(line)}: {status} {error}");
        return frame.ToArray();
    }

    public static NmeaReader Reader(string sentence) => Reader(NmeaVectors.Line(sentence));

    public static NmeaReader Reader(byte[] line)
    {
        Assert.True(NmeaReader.TryCreate(Frame(line), out var reader));
        return reader;
    }
}
