using System.Buffers;
using System.Diagnostics;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Codec;

/// <summary>
/// Time-boxed random and mutation fuzzing of framer + decoders. Oracles: nothing throws; whole-buffer and
/// byte-per-segment framing agree on status, length and reason.
/// </summary>
public sealed class FuzzSmokeTests
{
    [Fact]
    public void Random_and_mutated_packets_never_throw_and_segmentations_agree()
    {
        var random = new Random(6);
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var accepted = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            var (_, version, seed) = CodecVectors.Valid[random.Next(CodecVectors.Valid.Length)];
            var input = random.Next(4) == 0 ? RandomBytes(random) : Mutate(random, seed);
            var whole = new ReadOnlySequence<byte>(input);
            var s1 = MqttFramer.TryReadPacket(ref whole, 4096, version, out var p1, out var r1);
            var split = Segmentation.OneBytePerSegment(input);
            var s2 = MqttFramer.TryReadPacket(ref split, 4096, version, out var p2, out var r2);
            Assert.Equal(s1, s2);
            Assert.Equal(r1, r2);
            Assert.Equal(p1.Length, p2.Length);
            Assert.Equal(whole.Length, split.Length);
            if (s1 == FrameStatus.Complete)
            {
                var span = FrameBytes.Contiguous(p1, new byte[p1.Length]);
                if (CodecVectors.Decode(span, version) == MqttReasonCode.Success)
                {
                    accepted++;
                }
            }

            runs++;
        }

        Assert.True(runs > 1000, $"only {runs} runs");
        Assert.True(accepted > 0, "mutation never produced a valid packet; the fuzzer is not exercising decoders");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 40)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        var edits = random.Next(1, 3);
        for (var i = 0; i < edits; i++)
        {
            switch (random.Next(3))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    // Keep the remaining length honest sometimes so decoders, not just the framer, see the damage.
                    if (bytes.Length > 2 && bytes[1] < 0x80)
                    {
                        bytes[1] = (byte)(bytes.Length - 2);
                    }

                    break;
            }
        }

        return bytes;
    }
}
