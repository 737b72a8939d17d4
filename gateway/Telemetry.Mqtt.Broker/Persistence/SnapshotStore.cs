using System.Security.Cryptography;
using System.Text;
using Telemetry.Mqtt.Broker.Routing;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Mqtt.Broker.Persistence;

/// <summary>Everything the broker keeps across a restart.</summary>
internal sealed class BrokerState
{
    public List<Session> Sessions { get; } = [];

    public List<BrokerMessage> Retained { get; } = [];
}

/// <summary>
/// Crash-safe snapshot of sessions (subscriptions, in-flight QoS 1/2, queued messages, unreleased QoS 2 ids) and retained
/// messages in one file.
/// </summary>
/// <remarks>
/// Layout: "TMQB" magic, format version (int32), body, SHA-256 of magic+version+body. Written to a temp file, flushed to
/// the disk (fsync) and renamed over the old snapshot, so a crash leaves either the old or the new file, never a torn
/// one; a file whose checksum does not match is set aside as *.corrupt and the broker starts empty, saying so.
/// </remarks>
internal sealed class SnapshotStore
{
    private const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "TMQB"u8;

    /// <summary>Caps when reading, so a corrupt but checksummed file cannot ask for absurd allocations.</summary>
    private const int MaxCount = 10_000_000;

    private readonly string _path;

    public SnapshotStore(string directory)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "broker.snapshot");
    }

    public string FilePath => _path;

    /// <summary>Encodes <paramref name="state"/> (under the routing lock; cheap, memory only). Connected sessions count as disconnected now.</summary>
    public static byte[] Serialize(BrokerState state, long nowUnixMs)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            WriteState(writer, state, nowUnixMs);
        }

        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        body.Write(hash);
        return body.ToArray();
    }

    /// <summary>Writes a serialized snapshot crash-safely: temp file, fsync, rename over the old one.</summary>
    public void Write(byte[] snapshot)
    {
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            file.Write(snapshot);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }

    /// <summary>Reads the snapshot; null when there is none. A corrupt file is renamed aside and reported through <paramref name="problem"/>.</summary>
    public BrokerState? Load(Func<string, Session> sessionFactory, out string? problem)
    {
        problem = null;
        if (!File.Exists(_path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(_path);
        if (bytes.Length < Magic.Length + 4 + 32 ||
            !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic) ||
            !SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            return SetAside("checksum mismatch (torn or damaged file)", out problem);
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
            reader.ReadBytes(Magic.Length);
            var version = reader.ReadInt32();
            if (version != Version)
            {
                return SetAside($"unknown format version {version}", out problem);
            }

            return ReadState(reader, sessionFactory);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return SetAside(e.Message, out problem);
        }
    }

    private BrokerState? SetAside(string why, out string problem)
    {
        var aside = _path + ".corrupt";
        File.Move(_path, aside, overwrite: true);
        problem = $"persistence file '{_path}' unreadable ({why}); moved to '{aside}', starting with no stored sessions.";
        return null;
    }

    private static void WriteState(BinaryWriter w, BrokerState state, long nowUnixMs)
    {
        w.Write(state.Sessions.Count);
        foreach (var s in state.Sessions)
        {
            w.Write(s.ClientId);
            w.Write(s.ExpiryIntervalSeconds);
            w.Write(s.Link is null ? s.DisconnectedAtUnixMs : nowUnixMs);
            w.Write(s.Subscriptions.Count);
            foreach (var (filter, o) in s.Subscriptions)
            {
                w.Write(filter);
                w.Write(o.MaxQos);
                w.Write(o.NoLocal);
                w.Write(o.RetainAsPublished);
                w.Write(o.RetainHandling);
                w.Write(o.SubscriptionId);
            }

            var inflight = s.InflightInOrder();
            w.Write(inflight.Count);
            foreach (var m in inflight)
            {
                w.Write(m.PacketId);
                w.Write((byte)m.State);
                WriteDelivery(w, m.Delivery);
            }

            w.Write(s.Pending.Count);
            foreach (var d in s.Pending.Items)
            {
                WriteDelivery(w, d);
            }

            w.Write(s.IncomingQos2.Count);
            foreach (var id in s.IncomingQos2)
            {
                w.Write(id);
            }
        }

        w.Write(state.Retained.Count);
        foreach (var m in state.Retained)
        {
            WriteMessage(w, m);
        }
    }

    private static BrokerState ReadState(BinaryReader r, Func<string, Session> sessionFactory)
    {
        var state = new BrokerState();
        var sessions = Count(r);
        for (var i = 0; i < sessions; i++)
        {
            var s = sessionFactory(r.ReadString());
            s.ExpiryIntervalSeconds = r.ReadUInt32();
            s.DisconnectedAtUnixMs = r.ReadInt64();
            var subs = Count(r);
            for (var j = 0; j < subs; j++)
            {
                var filter = r.ReadString();
                s.Subscriptions[filter] = new SubscriptionOptions(r.ReadByte(), r.ReadBoolean(), r.ReadBoolean(), r.ReadByte(), r.ReadUInt32());
            }

            var inflight = Count(r);
            for (var j = 0; j < inflight; j++)
            {
                var id = r.ReadUInt16();
                var st = (OutboundState)r.ReadByte();
                s.RestoreInflight(id, ReadDelivery(r), st);
            }

            var pending = Count(r);
            for (var j = 0; j < pending; j++)
            {
                s.Pending.Enqueue(ReadDelivery(r));
            }

            var qos2 = Count(r);
            for (var j = 0; j < qos2; j++)
            {
                s.IncomingQos2.Add(r.ReadUInt16());
            }

            state.Sessions.Add(s);
        }

        var retained = Count(r);
        for (var i = 0; i < retained; i++)
        {
            state.Retained.Add(ReadMessage(r));
        }

        return state;
    }

    private static void WriteDelivery(BinaryWriter w, PendingDelivery d)
    {
        WriteMessage(w, d.Message);
        w.Write(d.Qos);
        w.Write(d.Retain);
        var ids = d.SubscriptionIds ?? [];
        w.Write(ids.Length);
        foreach (var id in ids)
        {
            w.Write(id);
        }
    }

    private static PendingDelivery ReadDelivery(BinaryReader r)
    {
        var message = ReadMessage(r);
        var qos = r.ReadByte();
        var retain = r.ReadBoolean();
        var n = Count(r);
        uint[]? ids = n == 0 ? null : new uint[n];
        for (var i = 0; i < n; i++)
        {
            ids![i] = r.ReadUInt32();
        }

        return new PendingDelivery(message, qos, retain, ids);
    }

    private static void WriteMessage(BinaryWriter w, BrokerMessage m)
    {
        w.Write(m.Topic);
        w.Write(m.Payload.Length);
        w.Write(m.Payload.Span);
        w.Write(m.Qos);
        w.Write(m.Retain);
        w.Write(m.ExpiresAtUnixMs);
        w.Write(m.PublisherClientId ?? string.Empty);
        var p = m.Properties;
        w.Write(p is not null);
        if (p is null)
        {
            return;
        }

        w.Write(p.PayloadFormatIndicator ?? 0xFF);
        WriteOptional(w, p.ContentType);
        WriteOptional(w, p.ResponseTopic);
        WriteOptional(w, p.CorrelationData);
        WriteOptional(w, p.UserProperties);
    }

    private static BrokerMessage ReadMessage(BinaryReader r)
    {
        var topic = r.ReadString();
        var payload = r.ReadBytes(Count(r));
        var qos = r.ReadByte();
        var retain = r.ReadBoolean();
        var expires = r.ReadInt64();
        var publisher = r.ReadString();
        MessageProperties? properties = null;
        if (r.ReadBoolean())
        {
            var pfi = r.ReadByte();
            properties = new MessageProperties
            {
                PayloadFormatIndicator = pfi == 0xFF ? null : pfi,
                ContentType = ReadOptional(r),
                ResponseTopic = ReadOptional(r),
                CorrelationData = ReadOptional(r),
                UserProperties = ReadOptional(r),
            };
        }

        return new BrokerMessage
        {
            Topic = topic,
            Payload = payload,
            Qos = qos,
            Retain = retain,
            ExpiresAtUnixMs = expires,
            PublisherClientId = publisher.Length == 0 ? null : publisher,
            Properties = properties,
        };
    }

    private static void WriteOptional(BinaryWriter w, byte[]? value)
    {
        w.Write(value?.Length ?? -1);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static byte[]? ReadOptional(BinaryReader r)
    {
        var length = r.ReadInt32();
        return length < 0 ? null : length <= MaxCount ? r.ReadBytes(length) : throw new FormatException($"length {length} out of range");
    }

    private static int Count(BinaryReader r)
    {
        var n = r.ReadInt32();
        return n is >= 0 and <= MaxCount ? n : throw new FormatException($"count {n} out of range");
    }
}
