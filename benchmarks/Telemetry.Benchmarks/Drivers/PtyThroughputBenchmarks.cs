using BenchmarkDotNet.Attributes;
using Telemetry.Drivers.Pty;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;

namespace Telemetry.Benchmarks.Drivers;

/// <summary>
/// Bytes from a pty master through our serial driver's pipe to a consumer: 4 MiB per operation, written in
/// device-sized chunks. Time per op gives MB/s; allocations show the per-read cost (the pipe reuses its segments).
/// </summary>
[MemoryDiagnoser]
public class PtyThroughputBenchmarks
{
    private const int Total = 4 << 20;
    private readonly byte[] _chunk = new byte[4096];
    private PseudoTerminal _pty = null!;
    private ReconnectingSource _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_chunk);
        _pty = PseudoTerminal.Open();
        _source = ByteSources.Serial(_pty.DevicePath, new SerialOptions { BaudRate = 4_000_000 });
        _source.Start();
        if (!_source.WaitForStateAsync(SourceState.Up, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException(_source.LastError);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pty.Dispose();
    }

    [Benchmark(Description = "4 MiB pty → serial driver → PipeReader")]
    public async Task<long> ReadFourMiB()
    {
        var writer = Task.Run(() =>
        {
            for (var sent = 0; sent < Total; sent += _chunk.Length)
            {
                _pty.Master.Write(_chunk);
            }
        });

        long seen = 0;
        var input = _source.Input;
        while (seen < Total)
        {
            var result = await input.ReadAsync();
            seen += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
        }

        await writer;
        return seen;
    }
}
