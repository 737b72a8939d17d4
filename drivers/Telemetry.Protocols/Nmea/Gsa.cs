using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>The twelve satellite-id slots of a GSA sentence, held inline so decoding never allocates.</summary>
[InlineArray(GsaData.MaxSatellites)]
public struct GsaSatellites
{
    private ushort _element0;
}

/// <summary>GSA: fix type, satellites used and dilutions of precision.</summary>
public readonly record struct GsaData
{
    /// <summary>GSA carries exactly twelve satellite slots.</summary>
    public const int MaxSatellites = 12;

    /// <summary>Selection mode: <c>M</c> manual, <c>A</c> automatic 2D/3D.</summary>
    public byte? SelectionMode { get; init; }

    /// <summary>Fix type: 1 none, 2 2D, 3 3D.</summary>
    public int? FixType { get; init; }

    /// <summary>Ids of the satellites used, in slot order; only the first <see cref="SatelliteCount"/> are meaningful.</summary>
    public GsaSatellites Satellites { get; init; }

    /// <summary>How many satellite slots were filled.</summary>
    public int SatelliteCount { get; init; }

    /// <summary>Position dilution of precision.</summary>
    public double? Pdop { get; init; }

    /// <summary>Horizontal dilution of precision.</summary>
    public double? Hdop { get; init; }

    /// <summary>Vertical dilution of precision.</summary>
    public double? Vdop { get; init; }

    /// <summary>GNSS system id (NMEA 4.10): 1 GPS, 2 GLONASS, 3 Galileo, 4 BeiDou, 5 QZSS, 6 NavIC.</summary>
    public int? SystemId { get; init; }

    /// <summary>Satellite id in used slot <paramref name="index"/>.</summary>
    public ushort Satellite(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)SatelliteCount, nameof(index));
        return Satellites[index];
    }

    /// <summary>Field-by-field equality; only the used satellite slots count (inline arrays have no built-in equality).</summary>
    public bool Equals(GsaData other)
        => SelectionMode == other.SelectionMode && FixType == other.FixType && SatelliteCount == other.SatelliteCount
            && Pdop == other.Pdop && Hdop == other.Hdop && Vdop == other.Vdop && SystemId == other.SystemId
            && SameSatellites(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(SelectionMode);
        hash.Add(FixType);
        hash.Add(Pdop);
        hash.Add(Hdop);
        hash.Add(Vdop);
        hash.Add(SystemId);
        for (var i = 0; i < Math.Min(SatelliteCount, MaxSatellites); i++)
        {
            hash.Add(Satellites[i]);
        }

        return hash.ToHashCode();
    }

    /// <summary>A copy of this value with <paramref name="ids"/> (at most twelve) as the satellites used.</summary>
    public GsaData WithSatellites(ReadOnlySpan<ushort> ids)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Length, MaxSatellites, nameof(ids));
        var slots = default(GsaSatellites);
        ids.CopyTo(slots);
        return this with { Satellites = slots, SatelliteCount = ids.Length };
    }

    private bool SameSatellites(in GsaData other)
    {
        for (var i = 0; i < Math.Min(SatelliteCount, MaxSatellites); i++)
        {
            if (Satellites[i] != other.Satellites[i])
            {
                return false;
            }
        }

        return true;
    }
}

public ref partial struct NmeaReader
{
    /// <summary>Decodes the fields of a GSA sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 GSA: <c>a,x,xx,xx,xx,xx,xx,xx,xx,xx,xx,xx,xx,xx,x.x,x.x,x.x,h</c> (system id 4.10).
    /// Filled slots are packed in order; empty slots are skipped wherever they are.</remarks>
    public bool TryReadGsa(out GsaData data)
    {
        data = default;
        if (!TryReadChar(out var selection) || !TryReadInt(out var fixType))
        {
            return false;
        }

        var slots = default(GsaSatellites);
        var count = 0;
        for (var i = 0; i < GsaData.MaxSatellites; i++)
        {
            if (!TryReadInt(out var id) || id > ushort.MaxValue)
            {
                return false;
            }

            if (id is { } used)
            {
                slots[count++] = (ushort)used;
            }
        }

        if (!TryReadDecimal(out var pdop) || !TryReadDecimal(out var hdop) || !TryReadDecimal(out var vdop) || !TryReadInt(out var system))
        {
            return false;
        }

        data = new GsaData
        {
            SelectionMode = selection,
            FixType = fixType,
            Satellites = slots,
            SatelliteCount = count,
            Pdop = pdop,
            Hdop = hdop,
            Vdop = vdop,
            SystemId = system,
        };
        return true;
    }
}
