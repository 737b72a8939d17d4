using System.Buffers;
using System.Text;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;
using Telemetry.Protocols.Tests.Detector;
using Telemetry.Protocols.Tests.Nmea;

namespace Telemetry.Protocols.Tests.Fuzzing;

/// <summary>
/// Random and mutated inputs for the NMEA/detector framer and readers (style C18). Oracles:
/// (a) one span and a random chunking (fed like a pipe) give the same frames and the same rejected bytes per reason;
/// (b) every accepted frame passes a slow reference check (start marker, printable body, line ending, cap, XOR);
/// (c) decoding any accepted frame with every reader never throws.
/// Used by the time-boxed test and, with TELEMETRY_FUZZ_ITERATIONS set, for long runs (≥ 10⁶ inputs).
/// </summary>
internal sealed class NmeaFuzzer(int seed)
{
    private static readonly byte[][] Corpus = BuildCorpus();
    private static readonly byte[] Dictionary = "$!*,.\r\n0123456789ABCDEFNSEWMPXDG-"u8.ToArray();
    private readonly Random _random = new(seed);

    public long Inputs { get; private set; }

    public long FramesAccepted { get; private set; }

    public long BytesRejected { get; private set; }

    /// <summary>Runs inputs until <paramref name="keepGoing"/> says stop; throws on the first oracle failure.</summary>
    public void Run(Func<long, bool> keepGoing)
    {
        ArgumentNullException.ThrowIfNull(keepGoing);
        while (keepGoing(Inputs))
        {
            Check(Next());
        }
    }

    public void Check(byte[] input)
    {
        Inputs++;
        var whole = FramingHarness.Run(new NmeaFramer(), new ReadOnlySequence<byte>(input));
        var chunked = FramingHarness.RunChunked(new NmeaFramer(), Chunk(input));

        if (whole.Frames.Count != chunked.Frames.Count || !whole.Frames.Zip(chunked.Frames).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
        {
            Fail("single-span and chunked framing disagree on frames", input);
        }

        foreach (var reason in Enum.GetValues<FrameError>())
        {
            if (whole.BytesRejected(reason) != chunked.BytesRejected(reason))
            {
                Fail($"single-span and chunked framing disagree on {reason} bytes", input);
            }
        }

        var accounted = whole.Frames.Sum(f => (long)f.Length) + whole.Rejections.Sum(r => r.Bytes);
        if (accounted != input.Length)
        {
            Fail($"{accounted} bytes accounted for out of {input.Length}", input);
        }

        foreach (var frame in whole.Frames)
        {
            if (!ReferenceValid(frame))
            {
                Fail("accepted a frame that fails the reference check: " + Encoding.Latin1.GetString(frame), input);
            }

            DecodeEverything(frame);
        }

        FramesAccepted += whole.Frames.Count;
        BytesRejected += whole.Rejections.Sum(r => r.Bytes);
    }

    /// <summary>The slow, obviously-correct check: structure by string operations and the XOR by LINQ.</summary>
    private static bool ReferenceValid(byte[] frame)
    {
        var text = Encoding.Latin1.GetString(frame);
        var line = text.TrimEnd('\r', '\n');
        var ending = text[line.Length..];
        if (frame.Length > NmeaFramer.MaxLength || ending is not ("\r\n" or "\n" or "\r") || line.Length < 4 || line[0] is not ('$' or '!'))
        {
            return false;
        }

        var body = line[1..^3];
        if (line[^3] != '*' || body.Any(c => c < 0x20 || c > 0x7E || c == '$' || c == '!'))
        {
            return false;
        }

        var expected = Convert.ToByte(line[^2..], 16);
        return body.Aggregate(0, (acc, c) => acc ^ c) == expected;
    }

    private static void DecodeEverything(byte[] frame)
    {
        if (NmeaReader.TryCreate(frame, out var reader))
        {
            var copy = reader;
            _ = copy.TryReadGga(out _);
            copy = reader;
            _ = copy.TryReadRmc(out _);
            copy = reader;
            _ = copy.TryReadGst(out _);
            copy = reader;
            _ = copy.TryReadVtg(out _);
            copy = reader;
            _ = copy.TryReadHdt(out _);
            copy = reader;
            _ = copy.TryReadZda(out _);
            copy = reader;
            _ = copy.TryReadGsa(out _);
            copy = reader;
            _ = copy.TryReadGns(out _);
        }

        if (DetectorReader.TryCreate(frame, out var detector))
        {
            var copy = detector;
            _ = copy.TryReadSample(out _);
            copy = detector;
            _ = copy.TryReadAlarm(out _);
            copy = detector;
            _ = copy.TryReadMark(out _);
            copy = detector;
            _ = copy.TryReadStatus(out _);
            copy = detector;
            _ = copy.TryReadFault(out _);
        }
    }

    private static void Fail(string message, byte[] input)
        => throw new InvalidOperationException($"{message}; input (base64): {Convert.ToBase64String(input)}");

    private static byte[][] BuildCorpus()
    {
        string[] detector = [DetectorTests.Sample, DetectorTests.SampleMetalOnly, DetectorTests.AlarmOnset, DetectorTests.AlarmOffset, DetectorTests.Mark, DetectorTests.Status, DetectorTests.Fault];
        return [.. NmeaVectors.All.Concat(detector).Select(NmeaVectors.Line)];
    }

    private byte[] Next()
    {
        return _random.Next(10) switch
        {
            0 => RandomBytes(_random.Next(0, 300), fromDictionary: false),
            1 => RandomBytes(_random.Next(0, 300), fromDictionary: true),
            _ => Mutate(),
        };
    }

    private byte[] RandomBytes(int length, bool fromDictionary)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = fromDictionary ? Dictionary[_random.Next(Dictionary.Length)] : (byte)_random.Next(256);
        }

        return bytes;
    }

    private byte[] Mutate()
    {
        var data = new List<byte>();
        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            data.AddRange(Corpus[_random.Next(Corpus.Length)]);
        }

        for (var i = _random.Next(0, 4); i > 0 && data.Count > 0; i--)
        {
            var at = _random.Next(data.Count);
            switch (_random.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    data.Insert(at, Dictionary[_random.Next(Dictionary.Length)]);
                    break;
                case 2:
                    data.RemoveAt(at);
                    break;
                case 3:
                    data.Insert(at, 0);
                    break;
                case 4:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 5:
                    data.InsertRange(at, Enumerable.Repeat((byte)'9', _random.Next(1, 200)));
                    break;
                case 6:
                    data[at] = data[at] == '\n' ? (byte)'\r' : (byte)'\n';
                    break;
                default:
                    var length = Math.Min(_random.Next(1, 40), data.Count - at);
                    data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                    break;
            }
        }

        return [.. data];
    }

    private IEnumerable<byte[]> Chunk(byte[] input)
    {
        var at = 0;
        while (at < input.Length)
        {
            var size = Math.Min(input.Length - at, _random.Next(0, 4) == 0 ? _random.Next(0, 3) : _random.Next(1, 64));
            yield return input[at..(at + size)];
            at += size;
        }
    }
}
