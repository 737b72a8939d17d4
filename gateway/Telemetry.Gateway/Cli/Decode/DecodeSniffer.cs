using System.Buffers;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Nmea;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// <c>--protocol auto</c>: looks at the start of the capture and picks the protocol whose framer finds the most
/// valid frames there (NMEA/detector on a tie or when nothing is found). The peeked bytes are replayed, so nothing
/// is lost. One capture is one protocol: the rig records each device port separately.
/// </summary>
internal static class DecodeSniffer
{
    /// <summary>Bytes examined: dozens of frames of any of the protocols.</summary>
    public const int PeekLength = 4096;

    public static async Task<(string Protocol, Stream Input)> SniffAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[PeekLength];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        var peeked = buffer.AsMemory(0, length);
        return (Choose(peeked), new ReplayStream(peeked, input));
    }

    /// <summary>Name of the protocol the bytes look like.</summary>
    public static string Choose(ReadOnlyMemory<byte> peeked)
    {
        var sequence = new ReadOnlySequence<byte>(peeked);
        var nmea = Count(sequence, new NmeaFramer(), static _ => true);
        var mavlink = Count(sequence, new MavlinkFramer(), static _ => true);
        // Only CAN frames count for SLCAN: a bare CR (an SLCAN "OK") also ends every NMEA line.
        var slcan = Count(sequence, new SlcanFramer(), static first => first is (byte)'t' or (byte)'T' or (byte)'r' or (byte)'R');
        if (mavlink > nmea && mavlink >= slcan)
        {
            return "mavlink";
        }

        return slcan > nmea ? "slcan" : "auto-nmea";
    }

    private static long Count<TFramer>(ReadOnlySequence<byte> sequence, TFramer framer, Func<byte, bool> counts)
        where TFramer : IFramer
    {
        var handler = new Counter(counts);
        FrameScanner.Scan(ref sequence, framer, ref handler, new FrameCounters(), isFinal: false);
        return handler.Count;
    }

    private struct Counter(Func<byte, bool> counts) : IFrameHandler
    {
        public long Count;

        public void OnFrame(in ReadOnlySequence<byte> frame)
        {
            if (counts(frame.FirstSpan[0]))
            {
                Count++;
            }
        }

        public readonly void OnRejected(FrameError error, long byteCount)
        {
            // Rejections say nothing in favour of a protocol; only frames are counted.
        }
    }

    /// <summary>Reads the peeked bytes again, then the rest of the input.</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => _prefix.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
