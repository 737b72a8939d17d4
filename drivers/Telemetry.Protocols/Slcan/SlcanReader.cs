using Telemetry.Protocols.Framing;

namespace Telemetry.Protocols.Slcan;

/// <summary>Decodes one SLCAN line cut by <see cref="SlcanFramer"/>.</summary>
public static class SlcanReader
{
    /// <summary>Decodes <paramref name="line"/> (terminator included); false with a reason for a malformed line.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out SlcanMessage message, out FrameError error)
        => SlcanGrammar.TryParse(line, out message, out error);

    /// <summary>Decodes <paramref name="line"/>; false for a malformed line.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out SlcanMessage message) => SlcanGrammar.TryParse(line, out message, out _);
}
