namespace Telemetry.Mqtt.Packets;

/// <summary>Topic name and filter rules (MQTT 5.0 §4.7) and wildcard matching.</summary>
public static class MqttTopic
{
    /// <summary>A topic name: at least one byte, valid string, no '+' or '#' (§4.7.1 [MQTT-4.7.0-1]).</summary>
    public static bool IsValidName(ReadOnlySpan<byte> name)
        => name.Length > 0 && MqttUtf8.IsValid(name) && name.IndexOfAny((byte)'+', (byte)'#') < 0;

    /// <summary>
    /// A topic filter: at least one byte; '#' only as the whole last level; '+' only as a whole level (§4.7.1.2–3).
    /// </summary>
    public static bool IsValidFilter(ReadOnlySpan<byte> filter)
    {
        if (filter.Length == 0 || !MqttUtf8.IsValid(filter))
        {
            return false;
        }

        var levelStart = 0;
        for (var i = 0; i <= filter.Length; i++)
        {
            if (i < filter.Length && filter[i] != (byte)'/')
            {
                continue;
            }

            var level = filter[levelStart..i];
            var hasHash = level.IndexOf((byte)'#') >= 0;
            var hasPlus = level.IndexOf((byte)'+') >= 0;
            if ((hasHash || hasPlus) && level.Length != 1)
            {
                return false;
            }

            if (hasHash && i != filter.Length)
            {
                return false;
            }

            levelStart = i + 1;
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="name"/> matches <paramref name="filter"/> (§4.7). Names starting with '$' are not
    /// matched by a leading wildcard (§4.7.2 [MQTT-4.7.2-1]).
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> filter, ReadOnlySpan<byte> name)
    {
        if (name.Length > 0 && name[0] == (byte)'$' && filter.Length > 0 && (filter[0] == (byte)'+' || filter[0] == (byte)'#'))
        {
            return false;
        }

        while (true)
        {
            var fSlash = filter.IndexOf((byte)'/');
            var fLevel = fSlash < 0 ? filter : filter[..fSlash];
            if (fLevel.Length == 1 && fLevel[0] == (byte)'#')
            {
                return true;
            }

            var nSlash = name.IndexOf((byte)'/');
            var nLevel = nSlash < 0 ? name : name[..nSlash];
            if (!(fLevel.Length == 1 && fLevel[0] == (byte)'+') && !fLevel.SequenceEqual(nLevel))
            {
                return false;
            }

            if (fSlash < 0 || nSlash < 0)
            {
                // "a/#" also matches "a" (§4.7.1.2: the parent level).
                return fSlash < 0 && nSlash < 0
                    || (nSlash < 0 && filter[(fSlash + 1)..].SequenceEqual("#"u8));
            }

            filter = filter[(fSlash + 1)..];
            name = name[(nSlash + 1)..];
        }
    }
}
