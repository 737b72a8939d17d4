using System.Buffers;
using BenchmarkDotNet.Attributes;
using Telemetry.Protocols.Can;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Benchmarks.Can;

/// <summary>
/// SLCAN + J1939 per parameter group: frame the line, decode the CAN frame, split the J1939 id and read every
/// parameter with SAE scaling; and the reverse (scale, pack, write the SLCAN line). <see cref="Frames"/> per invocation.
/// </summary>
[MemoryDiagnoser]
public class CanGroupBenchmarks
{
    private const int Frames = 1000;
    private readonly ArrayBufferWriter<byte> _output = new(Frames * SlcanFramer.MaxLineLength);
    private readonly FrameCounters _counters = new();
    private readonly SlcanFramer _framer = new();
    private ReadOnlySequence<byte> _capture;
    private J1939ParameterGroup _group = J1939Catalog.Eec1;

    [Params("EEC1", "ET1", "DD", "LFE1", "HOURS", "CCVS1", "VP", "MEMATT_TOOL", "MEMATT_SHOCK", "MEMATT_STATE")]
    public string Group { get; set; } = "EEC1";

    [GlobalSetup]
    public void Setup()
    {
        _group = J1939Catalog.All.Single(g => g.Acronym == Group);
        _output.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
        {
            WriteOne(i);
        }

        _capture = new ReadOnlySequence<byte>(_output.WrittenMemory.ToArray());
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public double FrameAndDecode()
    {
        var buffer = _capture;
        var handler = new J1939DecodeHandler { Reassembler = null };
        FrameScanner.Scan(ref buffer, _framer, ref handler, _counters, isFinal: true);
        return handler.Sum;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Encode()
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
        {
            WriteOne(i);
        }

        return _output.WrittenCount;
    }

    private void WriteOne(int i)
    {
        Span<byte> data = stackalloc byte[8];
        _group.FillNotAvailable(data);
        var k = 0;
        for (var index = 0; index < _group.Parameters.Count; index++)
        {
            var parameter = _group[index];
            parameter.Write(data, parameter.Offset + (parameter.Resolution * ((i + (k++ * 37)) % 200)));
        }

        var id = J1939Id.Create(6, _group.Pgn, 0x80);
        SlcanWriter.WriteFrame(_output, J1939Writer.CreateFrame(id, data), (ushort)(i % 60000));
    }
}

/// <summary>
/// Frames per second on a mixed MEMATT capture at the simulator's rates (domain.md §9: EEC1, CCVS1 and MEMATT_TOOL
/// 10 Hz; ET1, DD, VP, MEMATT_STATE 1 Hz; a DM1 over BAM every second), with transport reassembly.
/// </summary>
[MemoryDiagnoser]
public class CanMixedCaptureBenchmarks
{
    private const int Seconds = 20;
    private readonly FrameCounters _counters = new();
    private readonly SlcanFramer _framer = new();
    private readonly J1939TransportReassembler _reassembler = new();
    private ReadOnlySequence<byte> _capture;
    private int _frames;

    [GlobalSetup]
    public void Setup()
    {
        var output = new ArrayBufferWriter<byte>();
        Span<byte> data = stackalloc byte[8];
        var bam = new CanFrame[4];
        ushort ms = 0;
        for (var s = 0; s < Seconds; s++)
        {
            for (var tick = 0; tick < 10; tick++)
            {
                Write(output, J1939Catalog.Eec1, 3, 0x00, data, ref ms);
                Write(output, J1939Catalog.Ccvs1, 6, 0x00, data, ref ms);
                Write(output, J1939Catalog.MemattTool, 6, 0x80, data, ref ms);
            }

            Write(output, J1939Catalog.Et1, 6, 0x00, data, ref ms);
            Write(output, J1939Catalog.Dd, 6, 0x17, data, ref ms);
            Write(output, J1939Catalog.Vp, 6, 0x1C, data, ref ms);
            Write(output, J1939Catalog.MemattState, 6, 0x80, data, ref ms);
            byte[] dm1 = [0x04, 0xFF, 0x6E, 0x00, 0x05, 0x01, 0x64, 0x00, 0x03, 0x01];
            var count = J1939Writer.WriteBam(6, 65226, 0x00, dm1, bam);
            for (var i = 0; i < count; i++)
            {
                SlcanWriter.WriteFrame(output, bam[i], ms);
                ms = (ushort)((ms + 50) % 60000);
                _frames++;
            }
        }

        _capture = new ReadOnlySequence<byte>(output.WrittenMemory.ToArray());

        void Write(ArrayBufferWriter<byte> output, J1939ParameterGroup group, byte priority, byte sa, Span<byte> data, ref ushort ms)
        {
            group.FillNotAvailable(data);
            group.Parameters[0].Write(data, group.Parameters[0].Offset + (group.Parameters[0].Resolution * 100));
            SlcanWriter.WriteFrame(output, J1939Writer.CreateFrame(J1939Id.Create(priority, group.Pgn, sa), data), ms);
            ms = (ushort)((ms + 7) % 60000);
            _frames++;
        }
    }

    [Benchmark(OperationsPerInvoke = Seconds * 37)]
    public double MixedCapture()
    {
        var buffer = _capture;
        var handler = new J1939DecodeHandler { Reassembler = _reassembler };
        FrameScanner.Scan(ref buffer, _framer, ref handler, _counters, isFinal: true);
        return handler.Sum + _frames;
    }
}

/// <summary>SLCAN line → CAN frame → J1939 id → every parameter (and TP reassembly when given a reassembler).</summary>
internal struct J1939DecodeHandler : IFrameHandler
{
    public double Sum;
    public J1939TransportReassembler? Reassembler;
    private long _clock;

    public void OnFrame(in ReadOnlySequence<byte> frame)
    {
        Span<byte> scratch = stackalloc byte[SlcanFramer.MaxLineLength];
        if (!SlcanReader.TryRead(FrameBytes.Contiguous(frame, scratch), out var message) || !message.Frame.IsExtended)
        {
            return;
        }

        var can = message.Frame;
        var id = J1939Id.FromCanId(can.Id);
        if (J1939Catalog.TryGet(id.Pgn, out var group))
        {
            for (var index = 0; index < group.Parameters.Count; index++)
            {
                var parameter = group[index];
                if (parameter.TryRead(can.Data, out var value))
                {
                    Sum += value;
                }
            }
        }
        else if (Reassembler is not null && Reassembler.Accept(id, can.Data, _clock += 10, out var completed, out _) == J1939TransportOutcome.Completed)
        {
            Sum += completed.Data.Length;
        }
    }

    public readonly void OnRejected(FrameError error, long byteCount)
    {
        // Benchmarks feed valid captures.
    }
}
