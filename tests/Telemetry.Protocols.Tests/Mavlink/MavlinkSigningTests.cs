using System.Buffers;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Protocols.Tests.Mavlink;

public sealed class MavlinkSigningTests
{
    private static MavlinkSigningOptions WithKey(byte[] key, MavlinkSignaturePolicy policy = MavlinkSignaturePolicy.AcceptUnsigned)
        => new() { Key = key, Policy = policy };

    [Fact]
    public void Signed_vector_verifies_with_the_right_key_in_every_segmentation()
    {
        FramerHarness.AssertOneFrameInEveryShape(() => new MavlinkFramer(WithKey(MavlinkVectors.Key)), MavlinkVectors.HeartbeatSigned);
        FramerHarness.AssertStrictPrefixesNeedMoreData(() => new MavlinkFramer(WithKey(MavlinkVectors.Key)), MavlinkVectors.HeartbeatSigned);
        var framer = new MavlinkFramer(WithKey(MavlinkVectors.Key, MavlinkSignaturePolicy.RequireSigned));
        var result = FramerHarness.Run(framer, MavlinkVectors.HeartbeatSigned);
        Assert.Single(result.Frames);
        Assert.Equal(1, framer.Stats.SignedVerified);
        Assert.True(MavlinkReader.TryCreate(result.Frames[0], out var reader));
        Assert.True(reader.Header.IsSigned);
        Assert.Equal((byte)7, reader.LinkId);
        Assert.Equal(0x0123456789ABUL, reader.SignatureTimestamp);
    }

    [Fact]
    public void Wrong_key_is_a_bad_signature_and_costs_only_that_frame()
    {
        var wrong = (byte[])MavlinkVectors.Key.Clone();
        wrong[31] ^= 1;
        var result = FramerHarness.Run(new MavlinkFramer(WithKey(wrong)), [.. MavlinkVectors.HeartbeatSigned, .. MavlinkVectors.GlobalPositionInt]);
        Assert.Equal([MavlinkVectors.GlobalPositionInt], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.BadSignature));
        Assert.Equal(MavlinkVectors.HeartbeatSigned.Length, result.Counters.RejectedBytes);
    }

    [Fact]
    public void Tampered_signature_byte_is_rejected()
    {
        var tampered = (byte[])MavlinkVectors.HeartbeatSigned.Clone();
        tampered[^1] ^= 0x10;
        var result = FramerHarness.Run(new MavlinkFramer(WithKey(MavlinkVectors.Key)), tampered);
        Assert.Empty(result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.BadSignature));
    }

    [Fact]
    public void Replayed_and_older_timestamps_are_rejected_per_stream()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var link1 = new MavlinkSigner(MavlinkVectors.Key, 1, clock);
        var link2 = new MavlinkSigner(MavlinkVectors.Key, 2, clock);
        var header = MavlinkHeader.ForSend(0, 1, 1);
        var hb = new Heartbeat { Type = 2, Autopilot = 3, MavlinkVersion = 3 };
        var early = Frame(w => MavlinkWriter.Write(w, header, hb, link1));
        clock.Now += TimeSpan.FromSeconds(1);
        var late = Frame(w => MavlinkWriter.Write(w, header, hb, link1));
        var otherLink = Frame(w => MavlinkWriter.Write(w, header, hb, link2));

        var framer = new MavlinkFramer(WithKey(MavlinkVectors.Key, MavlinkSignaturePolicy.RequireSigned));
        var result = FramerHarness.Run(framer, [.. late, .. late, .. early, .. otherLink]);
        Assert.Equal([late, otherLink], result.Frames);
        Assert.Equal(2, result.Counters.Rejected(FrameError.Replayed));
    }

    [Fact]
    public void Policy_decides_unsigned_frames()
    {
        var required = FramerHarness.Run(new MavlinkFramer(WithKey(MavlinkVectors.Key, MavlinkSignaturePolicy.RequireSigned)), MavlinkVectors.Heartbeat);
        Assert.Empty(required.Frames);
        Assert.Equal(1, required.Counters.Rejected(FrameError.Unsigned));

        var lenient = new MavlinkFramer(WithKey(MavlinkVectors.Key));
        Assert.Single(FramerHarness.Run(lenient, MavlinkVectors.Heartbeat).Frames);
        Assert.Equal(1, lenient.Stats.UnsignedAccepted);

        var keyless = new MavlinkFramer();
        Assert.Single(FramerHarness.Run(keyless, MavlinkVectors.HeartbeatSigned).Frames);
        Assert.Equal(1, keyless.Stats.SignedUnverified);
    }

    [Fact]
    public void Stream_cap_refuses_new_streams_instead_of_forgetting_old_ones()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var options = new MavlinkSigningOptions { Key = MavlinkVectors.Key, MaxStreams = 1 };
        var first = Frame(w => MavlinkWriter.Write(w, MavlinkHeader.ForSend(0, 1, 1), new Heartbeat(), new MavlinkSigner(MavlinkVectors.Key, 1, clock)));
        var second = Frame(w => MavlinkWriter.Write(w, MavlinkHeader.ForSend(0, 2, 1), new Heartbeat(), new MavlinkSigner(MavlinkVectors.Key, 1, clock)));
        var result = FramerHarness.Run(new MavlinkFramer(options), [.. first, .. second]);
        Assert.Equal([first], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.Replayed));
    }

    [Fact]
    public void Signer_timestamps_follow_the_clock_and_never_repeat()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2015, 1, 1, 0, 0, 1, TimeSpan.Zero));
        var signer = new MavlinkSigner(MavlinkVectors.Key, 0, clock);
        Assert.Equal(100_000UL, signer.NextTimestamp()); // 1 s = 100,000 units of 10 µs
        Assert.Equal(100_001UL, signer.NextTimestamp()); // clock did not move: still strictly increasing
        clock.Now -= TimeSpan.FromSeconds(1);
        Assert.Equal(100_002UL, signer.NextTimestamp());
    }

    [Fact]
    public void Misconfiguration_names_the_key_and_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => new MavlinkFramer(new MavlinkSigningOptions { Policy = MavlinkSignaturePolicy.RequireSigned }));
        Assert.Contains("Mavlink:Signing:Key", error.Message, StringComparison.Ordinal);
        var shortKey = Assert.Throws<ArgumentException>(() => new MavlinkFramer(new MavlinkSigningOptions { Key = new byte[16] }));
        Assert.Contains("32 bytes", shortKey.Message, StringComparison.Ordinal);
    }

    private static byte[] Frame(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
