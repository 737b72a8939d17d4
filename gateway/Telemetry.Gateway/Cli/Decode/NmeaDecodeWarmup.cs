namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// Compiles the NMEA decode path on a second core while the main thread is still starting up (runtime, command
/// line): the per-sentence methods are fully optimised on their first call (AggressiveOptimization), and without
/// this the first chunk waited for that compilation with one core idle (benchmarks/README.md, issue 3).
/// </summary>
internal static class NmeaDecodeWarmup
{
    // One sentence of every type the emitters write (spec and manual vectors, detector.md examples), in two halves
    // compiled on two cores at once: the per-type methods are the expensive ones.
    private static ReadOnlySpan<byte> FirstHalf =>
        "$GPGGA,172814.0,3723.46587704,N,12202.26957864,W,2,6,1.2,18.893,M,-25.669,M,2.0,0031*4F\r\n"u8 +
        "$GPVTG,339.1,T,333.5,M,0.1,N,0.1,K,A*2D\r\n"u8 +
        "$GNHDT,87.52,T*23\r\n"u8 +
        "$GPZDA,112257.00,22,03,2012,,*66\r\n"u8 +
        "$GPGNS,112257.00,3844.24011,N,00908.43828,W,AN,03,10.5,,,,*57\r\n"u8;

    private static ReadOnlySpan<byte> SecondHalf =>
        "$GNRMC,081530.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V*2A\r\n"u8 +
        "$GPGST,172814.0,0.006,0.023,0.020,273.6,0.023,0.020,0.031*6A\r\n"u8 +
        "$GNGSA,A,3,13,29,25,15,12,24,02,,,,,,1.31,0.73,1.09,1*03\r\n"u8 +
        "$PXDMD,1234,5321.46,512,-12,380,12,7,86,3*6E\r\n"u8;

    /// <summary>Starts the warm-up on two thread-pool threads and returns at once.</summary>
    public static void Start()
    {
        ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(FirstHalf), state: (object?)null, preferLocal: false);
        ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(SecondHalf), state: (object?)null, preferLocal: false);
    }

    /// <summary>Decodes the whole sample in one thread; returns how many sentences were decoded.</summary>
    internal static long Run() => Run(FirstHalf) + Run(SecondHalf);

    // Decodes a sample into a throw-away chunk; returns how many sentences were decoded.
    private static long Run(ReadOnlySpan<byte> sample)
    {
        using var chunk = new DecodeChunk(sample.Length, includeGnss: true, includeDetector: true, raw: false);
        sample.CopyTo(chunk.Input);
        chunk.Length = sample.Length;
        chunk.IsFinal = true;
        chunk.Process();
        return chunk.Sink.Decoded;
    }
}
