using System.Buffers;
using Telemetry.Protocols.Can;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Protocols.Tests.Slcan;

public sealed class SlcanFramerTests
{
    public static TheoryData<string> Lines => new(SlcanVectors.All);

    [Theory]
    [MemberData(nameof(Lines))]
    public void Every_line_frames_in_every_segmentation_and_decodes(string line)
    {
        var bytes = SlcanVectors.Bytes(line);
        FramerHarness.AssertOneFrameInEveryShape(() => new SlcanFramer(), bytes);
        Assert.True(SlcanReader.TryRead(bytes, out var message));
        Assert.NotEqual(SlcanKind.None, message.Kind);
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Every_strict_prefix_needs_more_data(string line)
        => FramerHarness.AssertStrictPrefixesNeedMoreData(() => new SlcanFramer(), SlcanVectors.Bytes(line));

    [Fact]
    public void Eec1_capture_decodes_to_700_rpm()
    {
        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.Eec1), out var message));
        Assert.Equal(SlcanKind.Data, message.Kind);
        Assert.True(message.Frame.IsExtended);
        Assert.Equal(0x0CF00400u, message.Frame.Id);
        Assert.Equal(8, message.Frame.Length);
        Assert.Equal(new byte[] { 0xFF, 0x7D, 0x7D, 0xE0, 0x15, 0xFF, 0xF0, 0xFF }, message.Frame.Data.ToArray());
        Assert.False(message.HasTimestamp);
        var id = J1939Id.FromCanId(message.Frame.Id);
        Assert.Equal(61444u, id.Pgn);
        Assert.True(J1939Catalog.EngineSpeed.TryRead(message.Frame.Data, out var rpm));
        Assert.Equal(700.0, rpm);
    }

    [Fact]
    public void Other_kinds_decode_their_fields()
    {
        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.Eec1WithTimestamp), out var stamped));
        Assert.True(stamped.HasTimestamp);
        Assert.Equal((ushort)0x1A2B, stamped.TimestampMs);

        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.Standard), out var standard));
        Assert.False(standard.Frame.IsExtended);
        Assert.Equal(0x123u, standard.Frame.Id);
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44 }, standard.Frame.Data.ToArray());

        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.RemoteExtended), out var remote));
        Assert.Equal(SlcanKind.Remote, remote.Kind);
        Assert.True(remote.Frame.IsRemote);
        Assert.Equal(8, remote.Frame.Length);
        Assert.Equal(0, remote.Frame.Data.Length);

        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.Status), out var status));
        Assert.Equal(SlcanKind.Status, status.Kind);
        Assert.Equal((ushort)0x05, status.Value);

        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.Error), out var error));
        Assert.Equal(SlcanKind.Error, error.Kind);
        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.TransmitAckExtended), out var zack));
        Assert.Equal(SlcanKind.TransmitAck, zack.Kind);
        Assert.Equal((ushort)1, zack.Value);

        Assert.True(SlcanReader.TryRead(SlcanVectors.Bytes(SlcanVectors.Lowercase), out var lower));
        Assert.Equal(0x0CF00400u, lower.Frame.Id);
    }

    [Theory]
    [InlineData("T0CF004009FF7D7DE015FFF0FF00\r", FrameError.BadHeader)] // DLC 9
    [InlineData("T2CF004008FF7D7DE015FFF0FF\r", FrameError.BadHeader)] // id beyond 29 bits
    [InlineData("t8000\r", FrameError.BadHeader)] // id beyond 11 bits
    [InlineData("T0CF004008FF7D7DE015FFF0F\r", FrameError.BadHeader)] // odd data length
    [InlineData("T0CF004008FF7D7DG015FFF0FF\r", FrameError.BadCharacter)] // non-hex data
    [InlineData("T0CF004008FF7D7DE015FFF0FFEA60\r", FrameError.BadField)] // timestamp past 59,999
    [InlineData("F0\r", FrameError.BadHeader)]
    public void Malformed_lines_are_rejected_with_a_reason_and_the_next_line_survives(string bad, FrameError reason)
    {
        var result = FramerHarness.Run(new SlcanFramer(), SlcanVectors.Bytes(bad + SlcanVectors.Eec1));
        Assert.Equal([SlcanVectors.Bytes(SlcanVectors.Eec1)], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(reason));
    }

    [Fact]
    public void Lost_carriage_return_costs_only_the_damaged_line()
    {
        var damaged = "T18FEEE00878FFFFFFFF" + SlcanVectors.Eec1; // first line's CR and tail lost
        var result = FramerHarness.Run(new SlcanFramer(), SlcanVectors.Bytes(damaged));
        Assert.Equal([SlcanVectors.Bytes(SlcanVectors.Eec1)], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.BadTerminator));
    }

    [Fact]
    public void Noise_and_overlong_lines_resynchronise()
    {
        var input = "\0\xFF!!" + SlcanVectors.Standard + "F" + new string('0', 40) + "\r" + SlcanVectors.Eec1;
        var result = FramerHarness.Run(new SlcanFramer(), System.Text.Encoding.Latin1.GetBytes(input));
        Assert.Equal([SlcanVectors.Bytes(SlcanVectors.Standard), SlcanVectors.Bytes(SlcanVectors.Eec1)], result.Frames);
        Assert.True(result.Counters.Rejected(FrameError.Noise) >= 1);
        Assert.Equal(1, result.Counters.Rejected(FrameError.TooLong));
    }

    [Fact]
    public void Writer_produces_the_vectors_and_the_commands()
    {
        byte[] eec1 = [0xFF, 0x7D, 0x7D, 0xE0, 0x15, 0xFF, 0xF0, 0xFF];
        Assert.Equal(SlcanVectors.Eec1, Write(w => SlcanWriter.WriteFrame(w, CanFrame.Create(0x0CF00400, true, eec1))));
        Assert.Equal(SlcanVectors.Eec1WithTimestamp, Write(w => SlcanWriter.WriteFrame(w, CanFrame.Create(0x0CF00400, true, eec1), 0x1A2B)));
        Assert.Equal(SlcanVectors.Standard, Write(w => SlcanWriter.WriteFrame(w, CanFrame.Create(0x123, false, [0x11, 0x22, 0x33, 0x44]))));
        Assert.Equal(SlcanVectors.StandardEmpty, Write(w => SlcanWriter.WriteFrame(w, CanFrame.Create(0x7FF, false, []))));
        Assert.Equal(SlcanVectors.RemoteExtended, Write(w => SlcanWriter.WriteFrame(w, CanFrame.CreateRemote(0x0CF00400, true, 8))));
        Assert.Equal("S5\r", Write(w => SlcanWriter.WriteBitrate(w, SlcanBitrate.Kbit250)));
        Assert.Equal("S8\r", Write(w => SlcanWriter.WriteBitrate(w, SlcanBitrate.Mbit1)));
        Assert.Equal("O\r", Write(SlcanWriter.WriteOpen));
        Assert.Equal("C\r", Write(SlcanWriter.WriteClose));
        Assert.Equal("Z1\r", Write(w => SlcanWriter.WriteTimestampMode(w, true)));
        Assert.Equal("F\r", Write(SlcanWriter.WriteStatusRequest));
        Assert.Equal("\r", Write(SlcanWriter.WriteAck));
        Assert.Equal("\a", Write(SlcanWriter.WriteError));
        Assert.Equal("Z\r", Write(w => SlcanWriter.WriteTransmitAck(w, true)));
        Assert.Equal("F05\r", Write(w => SlcanWriter.WriteStatus(w, 0x05)));
        Assert.Throws<ArgumentOutOfRangeException>(() => CanFrame.Create(0x800, false, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => CanFrame.Create(1, true, new byte[9]));
    }

    [Fact]
    public void Framing_decoding_and_writing_allocate_nothing()
    {
        var input = new ReadOnlySequence<byte>(SlcanVectors.All.SelectMany(SlcanVectors.Bytes).ToArray());
        var output = new ArrayBufferWriter<byte>(1024);
        var framer = new SlcanFramer();
        var counters = new FrameCounters();
        var handler = new DecodingHandler();
        var frame = CanFrame.Create(0x0CF00400, true, [1, 2, 3, 4, 5, 6, 7, 8]);
        Exercise();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Exercise();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101 * SlcanVectors.All.Length, counters.Frames);

        void Exercise()
        {
            output.ResetWrittenCount();
            SlcanWriter.WriteFrame(output, frame, 100);
            var buffer = input;
            FrameScanner.Scan(ref buffer, framer, ref handler, counters, isFinal: true);
        }
    }

    private static string Write(Func<IBufferWriter<byte>, int> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var count = write(buffer);
        Assert.Equal(buffer.WrittenCount, count);
        return System.Text.Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    private struct DecodingHandler : IFrameHandler
    {
        public long Sum;

        public void OnFrame(in ReadOnlySequence<byte> frame)
        {
            Span<byte> scratch = stackalloc byte[SlcanFramer.MaxLineLength];
            if (SlcanReader.TryRead(FrameBytes.Contiguous(frame, scratch), out var message) && message.Kind == SlcanKind.Data)
            {
                Sum += message.Frame.Id;
            }
        }

        public readonly void OnRejected(FrameError error, long byteCount) => Assert.Fail(error.ToString());
    }
}
