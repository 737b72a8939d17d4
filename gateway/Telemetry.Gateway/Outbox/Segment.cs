using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Telemetry.Gateway.Outbox;

/// <summary>One segment file: a header then records with consecutive (or, after a quarantine, increasing) sequences.</summary>
internal sealed class Segment : IDisposable
{
    public const string Extension = ".seg";

    public Segment(string path, long firstSequence, SafeFileHandle handle, long length)
    {
        Path = path;
        FirstSequence = firstSequence;
        Handle = handle;
        Length = length;
        LastSequence = firstSequence - 1;
    }

    public string Path { get; }

    /// <summary>The sequence the file is named after: no record in it is lower.</summary>
    public long FirstSequence { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>Bytes written (header included); the durable prefix is tracked by the outbox.</summary>
    public long Length { get; set; }

    /// <summary>Highest sequence in the segment, or FirstSequence − 1 while empty.</summary>
    public long LastSequence { get; set; }

    public int RecordCount { get; set; }

    public long FirstTimestampUnixMs { get; set; }

    public long LastTimestampUnixMs { get; set; }

    public static string FileName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && fileName.Length == 20 + Extension.Length
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence)
            && firstSequence > 0;
    }

    public void Dispose() => Handle.Dispose();
}
