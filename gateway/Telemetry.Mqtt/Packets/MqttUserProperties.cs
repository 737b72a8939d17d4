using System.Buffers;

namespace Telemetry.Mqtt.Packets;

/// <summary>Builds and walks raw property blocks holding 0x26 User Property entries (MQTT 5.0 §3.3.2.3.7).</summary>
public static class MqttUserProperties
{
    /// <summary>Appends one encoded User Property entry (0x26, name, value) to <paramref name="output"/>.</summary>
    public static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!MqttUtf8.IsValid(name) || !MqttUtf8.IsValid(value))
        {
            throw new ArgumentException("User property names and values must be valid MQTT UTF-8 strings.");
        }

        var size = 5 + name.Length + value.Length;
        var w = new MqttSpanWriter(output.GetSpan(size));
        w.WriteByte((byte)MqttPropertyId.UserProperty);
        w.WriteBinary(name);
        w.WriteBinary(value);
        output.Advance(size);
    }

    /// <summary>Bytes the 0x26 entries of <paramref name="block"/> take when re-encoded.</summary>
    internal static int EncodedLength(ReadOnlySpan<byte> block)
    {
        var n = 0;
        foreach (var entry in new MqttUserPropertyEnumerator(block))
        {
            n += 5 + entry.Name.Length + entry.Value.Length;
        }

        return n;
    }

    internal static void WriteEntries(ref MqttSpanWriter w, ReadOnlySpan<byte> block)
    {
        foreach (var entry in new MqttUserPropertyEnumerator(block))
        {
            w.WriteByte((byte)MqttPropertyId.UserProperty);
            w.WriteBinary(entry.Name);
            w.WriteBinary(entry.Value);
        }
    }

    /// <summary>
    /// Reads the value of property <paramref name="id"/>: string/binary values come back in <paramref name="first"/>
    /// (and <paramref name="second"/> for a pair), a subscription identifier in <paramref name="number"/>.
    /// False on a value that does not parse (blocks already validated by the decoder always parse).
    /// </summary>
    internal static bool TrySkipValue(scoped ref MqttReader r, int id, out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> second, out int number)
    {
        first = default;
        second = default;
        number = 0;
        switch ((MqttPropertyId)id)
        {
            case MqttPropertyId.PayloadFormatIndicator or MqttPropertyId.RequestProblemInformation
                or MqttPropertyId.RequestResponseInformation or MqttPropertyId.MaximumQos
                or MqttPropertyId.RetainAvailable or MqttPropertyId.WildcardSubscriptionAvailable
                or MqttPropertyId.SubscriptionIdentifierAvailable or MqttPropertyId.SharedSubscriptionAvailable:
                return r.TryReadByte(out _);
            case MqttPropertyId.MessageExpiryInterval or MqttPropertyId.SessionExpiryInterval
                or MqttPropertyId.WillDelayInterval or MqttPropertyId.MaximumPacketSize:
                return r.TryReadUInt32(out _);
            case MqttPropertyId.ServerKeepAlive or MqttPropertyId.ReceiveMaximum
                or MqttPropertyId.TopicAliasMaximum or MqttPropertyId.TopicAlias:
                return r.TryReadUInt16(out _);
            case MqttPropertyId.SubscriptionIdentifier:
                return r.TryReadVariableByteInteger(out number);
            case MqttPropertyId.UserProperty:
                return r.TryReadBinary(out first) && r.TryReadBinary(out second);
            case MqttPropertyId.ContentType or MqttPropertyId.ResponseTopic or MqttPropertyId.CorrelationData
                or MqttPropertyId.AssignedClientIdentifier or MqttPropertyId.AuthenticationMethod
                or MqttPropertyId.AuthenticationData or MqttPropertyId.ResponseInformation
                or MqttPropertyId.ServerReference or MqttPropertyId.ReasonString:
                return r.TryReadBinary(out first);
            default:
                return false;
        }
    }
}

/// <summary>One user property: name and value as UTF-8 spans.</summary>
public readonly ref struct MqttUserProperty
{
    /// <summary>Creates a pair.</summary>
    public MqttUserProperty(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>UTF-8 name.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>UTF-8 value.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Enumerates the 0x26 entries of a property block; stops at the first entry that does not parse.</summary>
public ref struct MqttUserPropertyEnumerator
{
    private MqttReader _reader;

    internal MqttUserPropertyEnumerator(ReadOnlySpan<byte> block)
    {
        _reader = new MqttReader(block);
        Current = default;
    }

    /// <summary>The current pair.</summary>
    public MqttUserProperty Current { get; private set; }

    /// <summary>For foreach.</summary>
    public readonly MqttUserPropertyEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next user property.</summary>
    public bool MoveNext()
    {
        while (_reader.Remaining > 0)
        {
            if (!_reader.TryReadVariableByteInteger(out var id)
                || !MqttUserProperties.TrySkipValue(ref _reader, id, out var name, out var value, out _))
            {
                return false;
            }

            if (id == (int)MqttPropertyId.UserProperty)
            {
                Current = new MqttUserProperty(name, value);
                return true;
            }
        }

        return false;
    }
}

/// <summary>Enumerates every 0x0B Subscription Identifier of a property block.</summary>
public ref struct MqttSubscriptionIdentifierEnumerator
{
    private MqttReader _reader;

    internal MqttSubscriptionIdentifierEnumerator(ReadOnlySpan<byte> block)
    {
        _reader = new MqttReader(block);
        Current = 0;
    }

    /// <summary>The current identifier.</summary>
    public int Current { get; private set; }

    /// <summary>For foreach.</summary>
    public readonly MqttSubscriptionIdentifierEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next identifier.</summary>
    public bool MoveNext()
    {
        while (_reader.Remaining > 0)
        {
            if (!_reader.TryReadVariableByteInteger(out var id)
                || !MqttUserProperties.TrySkipValue(ref _reader, id, out _, out _, out var number))
            {
                return false;
            }

            if (id == (int)MqttPropertyId.SubscriptionIdentifier)
            {
                Current = number;
                return true;
            }
        }

        return false;
    }
}
