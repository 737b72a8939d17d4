using System.Buffers;
using System.Text;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Protocols.Tests.Nmea;

public sealed class NmeaFramerTests
{
    private static NmeaFramer Framer => default;

    [Theory]
    [MemberData(nameof(NmeaVectors.Sentences), MemberType = typeof(NmeaVectors))]
    public void Vector_is_one_complete_frame_at_every_split_point(string sentence)
    {
        var line = NmeaVectors.Line(sentence);
        foreach (var (shape, sequence) in Segmentation.AllShapes(line))
        {
            var buffer = sequence;
            var status = Framer.TryReadFrame(ref buffer, out var frame, out var error);
            Assert.True(status == FrameStatus.Complete, $"{shape}: {status} {error}");
            Assert.Equal(line, frame.ToArray());
            Assert.True(buffer.IsEmpty, shape);
        }
    }

    [Theory]
    [MemberData(nameof(NmeaVectors.Sentences), MemberType = typeof(NmeaVectors))]
    public void Every_strict_prefix_needs_more_data_and_leaves_the_buffer_unchanged(string sentence)
    {
        var line = NmeaVectors.Line(sentence);
        foreach (var prefix in Segmentation.StrictPrefixes(line))
        {
            var buffer = prefix;
            var status = Framer.TryReadFrame(ref buffer, out _, out _);
            Assert.Equal(FrameStatus.NeedMoreData, status);
            Assert.Equal(prefix.Length, buffer.Length);
            Assert.Equal(prefix.Start, buffer.Start);
        }
    }

    [Fact]
    public void Lf_only_and_cr_only_endings_are_accepted()
    {
        var input = Ascii(NmeaVectors.SpecGga + "\n" + NmeaVectors.TrimbleGst + "\r" + NmeaVectors.DomainHdt + "\r\n");
        foreach (var (shape, sequence) in Segmentation.AllShapes(input))
        {
            var result = FramingHarness.Run(Framer, sequence);
            Assert.True(result.Rejections.Count == 0, shape);
            Assert.Equal(
                [NmeaVectors.SpecGga + "\n", NmeaVectors.TrimbleGst + "\r", NmeaVectors.DomainHdt + "\r\n"],
                result.Frames.Select(Encoding.ASCII.GetString));
        }
    }

    [Fact]
    public void Cr_at_the_end_of_the_buffer_waits_for_the_next_byte()
    {
        var buffer = new ReadOnlySequence<byte>(Ascii(NmeaVectors.DomainHdt + "\r"));
        Assert.Equal(FrameStatus.NeedMoreData, Framer.TryReadFrame(ref buffer, out _, out _));
        Assert.Equal(NmeaVectors.DomainHdt.Length + 1, buffer.Length);
    }

    [Fact]
    public void Bad_checksum_is_rejected_and_the_next_sentence_survives()
    {
        var broken = NmeaVectors.SpecGga[..^2] + "48";
        var result = FramingHarness.Run(Framer, new ReadOnlySequence<byte>(Ascii(broken + "\r\n" + NmeaVectors.DomainHdt + "\r\n")));
        Assert.Equal([(FrameError.Checksum, (long)broken.Length + 2)], result.Rejections);
        Assert.Equal(NmeaVectors.DomainHdt + "\r\n", Encoding.ASCII.GetString(Assert.Single(result.Frames)));
    }

    [Theory]
    [InlineData("$GPHDT,74.20,T\r\n", FrameError.MissingChecksum)]
    [InlineData("$GPHDT,74.20,T*3\r\n", FrameError.Checksum)]
    [InlineData("$GPHDT,74.20,T*3G\r\n", FrameError.Checksum)]
    [InlineData("$GPHDT,74.20,T*344\r\n", FrameError.Checksum)]
    [InlineData("$GPHDT,74.20,T*35\r\n", FrameError.Checksum)]
    public void Missing_or_malformed_checksum_is_rejected_by_reason(string line, FrameError expected)
    {
        var buffer = new ReadOnlySequence<byte>(Ascii(line));
        Assert.Equal(FrameStatus.Invalid, Framer.TryReadFrame(ref buffer, out _, out var error));
        Assert.Equal(expected, error);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Lower_case_checksum_digits_are_accepted()
    {
        var buffer = new ReadOnlySequence<byte>(Ascii("$GPGSA,A,2,10,13,23,,,,,,,,,,10.5,10.5,*1f\r\n"));
        Assert.Equal(FrameStatus.Complete, Framer.TryReadFrame(ref buffer, out _, out _));
    }

    [Fact]
    public void Line_of_exactly_the_cap_is_accepted_and_one_byte_more_is_too_long()
    {
        var atCap = Sentence("PXTST," + new string('9', NmeaFramer.MaxLength - 12));
        Assert.Equal(NmeaFramer.MaxLength, atCap.Length);
        var overCap = Sentence("PXTST," + new string('9', NmeaFramer.MaxLength - 11));
        var result = FramingHarness.Run(Framer, new ReadOnlySequence<byte>(Ascii(atCap + overCap + NmeaVectors.DomainHdt + "\r\n")));
        Assert.Equal([atCap, NmeaVectors.DomainHdt + "\r\n"], result.Frames.Select(Encoding.ASCII.GetString));
        Assert.Equal(NmeaFramer.MaxLength, result.BytesRejected(FrameError.TooLong));
        Assert.Equal(overCap.Length - NmeaFramer.MaxLength, result.BytesRejected(FrameError.Noise));
    }

    [Fact]
    public void Overlong_unterminated_line_is_rejected_without_growing()
    {
        var junk = "$GPGGA," + new string('1', 5000);
        var chunks = Ascii(junk + "\r\n" + NmeaVectors.SpecGga + "\r\n").Chunk(7);
        var result = FramingHarness.RunChunked(Framer, chunks);
        Assert.Equal(NmeaVectors.SpecGga + "\r\n", Encoding.ASCII.GetString(Assert.Single(result.Frames)));
        Assert.Equal(1, result.Counters.Rejected(FrameError.TooLong));
    }

    [Fact]
    public void Binary_noise_and_nul_bytes_between_sentences_are_skipped()
    {
        var noise = new byte[] { 0x00, 0x00, 0xFF, 0xB5, 0x62, 0x01, 0x07, 0x0D, 0x0A, 0x00 };
        var input = Ascii(NmeaVectors.SpecGga + "\r\n").Concat(noise).Concat(Ascii(NmeaVectors.TrimbleGst + "\r\n")).Concat(noise).ToArray();
        foreach (var (shape, sequence) in Segmentation.AllShapes(input))
        {
            var result = FramingHarness.Run(Framer, sequence);
            Assert.True(result.Frames.Count == 2, shape);
            Assert.Equal(2 * noise.Length, result.BytesRejected(FrameError.Noise));
        }
    }

    [Fact]
    public void Nul_inside_a_sentence_rejects_it_and_resynchronises()
    {
        var line = NmeaVectors.SpecGga + "\r\n";
        var corrupt = line[..20] + "\0" + line[20..];
        var result = FramingHarness.Run(Framer, new ReadOnlySequence<byte>(Ascii(corrupt + line)));
        Assert.Equal(line, Encoding.ASCII.GetString(Assert.Single(result.Frames)));
        Assert.Equal(21, result.BytesRejected(FrameError.BadCharacter));
    }

    [Fact]
    public void Truncated_sentence_followed_by_a_new_start_keeps_the_new_one()
    {
        var result = FramingHarness.Run(Framer, new ReadOnlySequence<byte>(Ascii("$GPGGA,1235" + NmeaVectors.SpecRmc + "\r\n")));
        Assert.Equal(NmeaVectors.SpecRmc + "\r\n", Encoding.ASCII.GetString(Assert.Single(result.Frames)));
        Assert.Equal([(FrameError.BadTerminator, 11L)], result.Rejections);
    }

    [Fact]
    public void Unfinished_sentence_at_end_of_stream_is_counted_as_truncated()
    {
        var result = FramingHarness.Run(Framer, new ReadOnlySequence<byte>(Ascii(NmeaVectors.SpecGga + "\r\n$GPRMC,1235")));
        Assert.Single(result.Frames);
        Assert.Equal([(FrameError.Truncated, 11L)], result.Rejections);
    }

    [Fact]
    public void Encapsulation_sentences_start_with_an_exclamation_mark()
    {
        const string Ais = "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C";
        var buffer = new ReadOnlySequence<byte>(Ascii(Ais + "\r\n"));
        Assert.Equal(FrameStatus.Complete, Framer.TryReadFrame(ref buffer, out var frame, out _));
        Assert.Equal(Ais.Length + 2, frame.Length);
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Builds a sentence with a checksum computed here, independently of the code under test.</summary>
    private static string Sentence(string body)
    {
        var sum = body.Aggregate(0, (acc, c) => acc ^ c);
        return $"${body}*{sum:X2}\r\n";
    }
}
