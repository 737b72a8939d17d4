using System.Buffers;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Tests.Codec;

public sealed class VariableByteIntegerTests
{
    // MQTT 5.0 §1.5.5 table 1-1 boundaries with their encodings.
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "8001")]
    [InlineData(16_383, "FF7F")]
    [InlineData(16_384, "808001")]
    [InlineData(2_097_151, "FFFF7F")]
    [InlineData(2_097_152, "80808001")]
    [InlineData(268_435_455, "FFFFFF7F")]
    public void Spec_boundaries_encode_and_decode(int value, string hex)
    {
        var expected = Convert.FromHexString(hex);
        var buffer = new byte[4];
        var written = VariableByteInteger.Write(buffer, value);
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, VariableByteInteger.SizeOf(value));
        Assert.Equal(OperationStatus.Done, VariableByteInteger.TryRead(expected, out var decoded, out var length));
        Assert.Equal(value, decoded);
        Assert.Equal(expected.Length, length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(OperationStatus.NeedMoreData, VariableByteInteger.TryRead(expected.AsSpan(0, i), out _, out _));
        }
    }

    [Theory]
    [InlineData("FFFFFFFF01")]
    [InlineData("FFFFFFFF")]
    [InlineData("8000")]
    [InlineData("FF8000")]
    public void Five_byte_or_non_shortest_encodings_are_invalid(string hex)
        => Assert.Equal(OperationStatus.InvalidData, VariableByteInteger.TryRead(Convert.FromHexString(hex), out _, out _));

    [Fact]
    public void Value_over_the_maximum_cannot_be_encoded()
        => Assert.Throws<ArgumentOutOfRangeException>(() => VariableByteInteger.SizeOf(268_435_456));
}
