namespace Telemetry.Drivers.Capture;

/// <summary>Constants of the capture file format; the format is specified in docs/capture-format.md.</summary>
public static class CaptureFormat
{
    /// <summary>The eight bytes every capture starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "TLMCAP1\n"u8;

    /// <summary>Format version written by this code.</summary>
    public const ushort Version = 1;

    /// <summary>Largest payload of one record; anything larger is a corrupt file, never a huge allocation.</summary>
    public const int MaxRecordLength = 1 << 20;

    /// <summary>Longest endpoint text in the header.</summary>
    public const int MaxEndpointLength = 1024;

    /// <summary>Header size before the endpoint text: magic, version, flags, start time, endpoint length.</summary>
    internal const int FixedHeaderLength = 8 + 2 + 2 + 8 + 2;

    /// <summary>Record header: kind (1), offset ns (8), length (4).</summary>
    internal const int RecordHeaderLength = 1 + 8 + 4;
}

/// <summary>What a capture record holds.</summary>
public enum CaptureRecordKind : byte
{
    /// <summary>Bytes received from the device, exactly as one read returned them.</summary>
    Data = 1,

    /// <summary>A UTF-8 note: a state change ("Absent: … hang-up"), so gaps in the data are explained.</summary>
    Event = 2,
}

/// <summary>One record read back from a capture.</summary>
public readonly record struct CaptureRecord(CaptureRecordKind Kind, long OffsetNs, ReadOnlyMemory<byte> Payload);
