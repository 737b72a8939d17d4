using System.Buffers.Binary;
using System.Security.Cryptography;
using Telemetry.Protocols.Mavlink;

namespace Telemetry.Protocols.Tests.Mavlink;

public sealed class MavlinkFuzzTests
{
    // CRC_EXTRA from the published common.h table (domain.md §4.4) and drone.md for ours: not from the generated code.
    private static readonly Dictionary<uint, byte> Extras = new() { [0] = 50, [1] = 124, [24] = 24, [30] = 39, [33] = 104, [47000] = 55 };

    private static readonly byte[][] Seeds =
    [
        MavlinkVectors.Heartbeat, MavlinkVectors.GlobalPositionInt, MavlinkVectors.SurveyDetection, MavlinkVectors.HeartbeatSigned,
        MavlinkMoreVectors.HeartbeatV1, MavlinkMoreVectors.Attitude, MavlinkMoreVectors.GpsRawInt,
        [0xFD, 0x03, 0x00, 0x00, 0x01, 0x01, 0x01, 0xDE, 0xBC, 0x0A, 0x01, 0x02, 0x03, 0x12, 0x34],
    ];

    [Fact]
    public void Mutated_streams_agree_across_shapes_and_accept_only_valid_frames()
    {
        var iterations = FuzzHarness.Run(
            () => new MavlinkFramer(new MavlinkSigningOptions { Key = MavlinkVectors.Key }),
            random => random.Next(8) == 0 ? RandomBytes(random) : FuzzHarness.Mutate(random, Seeds, random.Next(1, 8)),
            ReferenceValidate,
            TimeSpan.FromSeconds(1.5),
            seed: 4);
        Assert.True(iterations > 10);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 600)];
        random.NextBytes(bytes);
        // Sprinkle start bytes so the framer is pushed into header parsing, not just noise skipping.
        for (var i = 0; i < bytes.Length; i += random.Next(1, 40))
        {
            bytes[i] = random.Next(2) == 0 ? (byte)0xFD : (byte)0xFE;
        }

        return bytes;
    }

    // Slow reference: bitwise CRC, independent SHA-256 check, unknown ids allowed only unverified.
    private static void ReferenceValidate(byte[] frame)
    {
        var v2 = frame[0] == 0xFD;
        Assert.True(v2 || frame[0] == 0xFE);
        var headerLength = v2 ? 10 : 6;
        var length = frame[1];
        var signed = v2 && (frame[2] & 1) != 0;
        Assert.Equal(headerLength + length + 2 + (signed ? 13 : 0), frame.Length);
        Assert.True(!v2 || (frame[2] & ~1) == 0);
        var id = v2 ? frame[7] | ((uint)frame[8] << 8) | ((uint)frame[9] << 16) : frame[5];
        if (Extras.TryGetValue(id, out var extra))
        {
            ushort crc = 0xFFFF;
            foreach (var b in frame.AsSpan(1, headerLength - 1 + length))
            {
                crc = MavlinkGeneratorTests.ReferenceCrc(crc, b);
            }

            crc = MavlinkGeneratorTests.ReferenceCrc(crc, extra);
            Assert.Equal(crc, BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(headerLength + length)));
        }

        if (signed)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(MavlinkVectors.Key);
            hash.AppendData(frame.AsSpan(0, frame.Length - 6));
            Assert.Equal(hash.GetHashAndReset()[..6], frame[^6..]);
        }
    }
}
