namespace Telemetry.Protocols.J1939;

/// <summary>A parameter group definition: PGN, names and its parameters.</summary>
/// <param name="Pgn">Parameter group number.</param>
/// <param name="Acronym">Short name (EEC1, ET1, …).</param>
/// <param name="Name">Long name.</param>
/// <param name="Length">Data length in bytes (8 for every single-frame group here).</param>
/// <param name="Parameters">Its parameters.</param>
public sealed record J1939ParameterGroup(uint Pgn, string Acronym, string Name, int Length, IReadOnlyList<J1939Parameter> Parameters)
{
    /// <summary>A data buffer of this group's length with every byte "not available" (0xFF), ready for writers.</summary>
    public void FillNotAvailable(Span<byte> data) => data[..Length].Fill(0xFF);
}
