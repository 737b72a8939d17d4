namespace Telemetry.Mqtt.Broker.Routing;

/// <summary>Per-subscription options (MQTT 5.0 §3.8.3.1; 3.1.1 uses only <see cref="MaxQos"/>).</summary>
internal readonly record struct SubscriptionOptions(byte MaxQos, bool NoLocal = false, bool RetainAsPublished = false, byte RetainHandling = 0, uint SubscriptionId = 0);

/// <summary>One client that must receive a routed message, after merging its overlapping subscriptions.</summary>
internal sealed class RouteTarget
{
    public string ClientId { get; set; } = string.Empty;

    public byte Qos { get; set; }

    public bool RetainAsPublished { get; set; }

    /// <summary>MQTT 5.0 §3.3.4: the one copy carries the identifiers of every matching subscription.</summary>
    public List<uint> SubscriptionIds { get; } = [];

    public bool Shared { get; set; }
}

/// <summary>
/// Topic-level trie of subscriptions. Not thread-safe: the broker calls it under its routing lock.
/// </summary>
/// <remarks>
/// Overlapping subscriptions (MQTT 3.1.1 §3.3.5, MQTT 5.0 §3.3.4): a client whose subscriptions overlap receives one
/// copy at the maximum QoS of the matching subscriptions (no-local subscriptions do not count for the publisher itself),
/// carrying every matching subscription identifier. Shared subscriptions (MQTT 5.0 §4.8.2) deliver one copy to one
/// member of each (group, filter), in addition to any non-shared copy, so they are reported as separate targets.
/// </remarks>
internal sealed class SubscriptionTree
{
    private readonly Node _root = new();
    private readonly List<RouteTarget> _targets = [];
    private readonly Stack<RouteTarget> _spare = new();
    private readonly Dictionary<string, RouteTarget> _byClient = new(StringComparer.Ordinal);
    private int _count;

    public int Count => _count;

    /// <summary>Adds or replaces the subscription of <paramref name="clientId"/> to <paramref name="filter"/> (a validated filter, shared or not).</summary>
    /// <returns>True when it existed before (MQTT 5.0 retain handling 1 sends retained messages only for new subscriptions).</returns>
    public bool Add(string clientId, string filter, SubscriptionOptions options)
    {
        var shared = TopicFilter.TryParseShared(filter, out var group, out var inner, out _);
        var node = Walk(inner, create: true)!;
        bool existed;
        if (shared)
        {
            if (!node.Shared.TryGetValue(group, out var members))
            {
                node.Shared[group] = members = new SharedGroup();
            }

            existed = members.Set(clientId, options);
        }
        else
        {
            existed = !node.Subscribers.TryAdd(clientId, options);
            if (existed)
            {
                node.Subscribers[clientId] = options;
            }
        }

        if (!existed)
        {
            _count++;
        }

        return existed;
    }

    public bool Remove(string clientId, string filter)
    {
        var shared = TopicFilter.TryParseShared(filter, out var group, out var inner, out _);
        var node = Walk(inner, create: false);
        if (node is null)
        {
            return false;
        }

        bool removed;
        if (shared)
        {
            removed = node.Shared.TryGetValue(group, out var members) && members.Remove(clientId);
            if (removed && members!.Count == 0)
            {
                node.Shared.Remove(group);
            }
        }
        else
        {
            removed = node.Subscribers.Remove(clientId);
        }

        if (removed)
        {
            _count--;
            Prune(inner);
        }

        return removed;
    }

    /// <summary>
    /// Collects the clients to deliver <paramref name="topic"/> to. The returned list and its items are reused by the
    /// next call; <paramref name="isOnline"/> lets a shared group prefer a connected member.
    /// </summary>
    public List<RouteTarget> Match(string topic, string? publisherClientId, Func<string, bool> isOnline)
    {
        foreach (var target in _targets)
        {
            target.SubscriptionIds.Clear();
            _spare.Push(target);
        }

        _targets.Clear();
        _byClient.Clear();
        var dollar = topic.Length > 0 && topic[0] == '$';
        Visit(_root, topic.AsSpan(), first: true, dollar, publisherClientId, isOnline);
        return _targets;
    }

    private void Visit(Node node, ReadOnlySpan<char> rest, bool first, bool dollar, string? publisher, Func<string, bool> isOnline)
    {
        // Wildcards at the first level never match '$' topics (§4.7.2).
        var wildcardsAllowed = !(first && dollar);
        if (wildcardsAllowed && node.Hash is { } hash)
        {
            Collect(hash, publisher, isOnline);
        }

        var slash = rest.IndexOf('/');
        var level = slash < 0 ? rest : rest[..slash];
        var remaining = slash < 0 ? default : rest[(slash + 1)..];
        if (node.Children.Count > 0 && node.Lookup.TryGetValue(level, out var child))
        {
            Arrive(child, slash < 0, remaining, dollar, publisher, isOnline);
        }

        if (wildcardsAllowed && node.Plus is { } plus)
        {
            Arrive(plus, slash < 0, remaining, dollar, publisher, isOnline);
        }
    }

    private void Arrive(Node node, bool topicEnded, ReadOnlySpan<char> remaining, bool dollar, string? publisher, Func<string, bool> isOnline)
    {
        if (topicEnded)
        {
            Collect(node, publisher, isOnline);
            if (node.Hash is { } parentHash)
            {
                Collect(parentHash, publisher, isOnline); // "a/#" matches "a" (§4.7.1.2)
            }
        }
        else
        {
            Visit(node, remaining, first: false, dollar, publisher, isOnline);
        }
    }

    private void Collect(Node node, string? publisher, Func<string, bool> isOnline)
    {
        foreach (var (clientId, options) in node.Subscribers)
        {
            if (options.NoLocal && string.Equals(clientId, publisher, StringComparison.Ordinal))
            {
                continue; // MQTT 5.0 §3.8.3.1: no-local — never back to the publisher
            }

            if (!_byClient.TryGetValue(clientId, out var target))
            {
                target = Rent(clientId, shared: false);
                _byClient[clientId] = target;
            }

            target.Qos = Math.Max(target.Qos, options.MaxQos);
            target.RetainAsPublished |= options.RetainAsPublished;
            if (options.SubscriptionId != 0)
            {
                target.SubscriptionIds.Add(options.SubscriptionId);
            }
        }

        foreach (var group in node.Shared.Values)
        {
            if (group.Pick(isOnline) is { } member)
            {
                var target = Rent(member.ClientId, shared: true);
                target.Qos = member.Options.MaxQos;
                target.RetainAsPublished = member.Options.RetainAsPublished;
                if (member.Options.SubscriptionId != 0)
                {
                    target.SubscriptionIds.Add(member.Options.SubscriptionId);
                }
            }
        }
    }

    private RouteTarget Rent(string clientId, bool shared)
    {
        var target = _spare.Count > 0 ? _spare.Pop() : new RouteTarget();
        target.ClientId = clientId;
        target.Qos = 0;
        target.RetainAsPublished = false;
        target.Shared = shared;
        _targets.Add(target);
        return target;
    }

    private Node? Walk(string filter, bool create)
    {
        var node = _root;
        foreach (var level in filter.Split('/'))
        {
            Node? next = level switch
            {
                "+" => node.Plus,
                "#" => node.Hash,
                _ => node.Children.GetValueOrDefault(level),
            };
            if (next is null)
            {
                if (!create)
                {
                    return null;
                }

                next = new Node();
                switch (level)
                {
                    case "+": node.Plus = next; break;
                    case "#": node.Hash = next; break;
                    default: node.Children[level] = next; break;
                }
            }

            node = next;
        }

        return node;
    }

    /// <summary>Drops empty nodes along <paramref name="filter"/> so unsubscribed topics do not leak memory.</summary>
    private void Prune(string filter)
    {
        var levels = filter.Split('/');
        var path = new List<(Node Parent, string Level)>(levels.Length);
        var node = _root;
        foreach (var level in levels)
        {
            path.Add((node, level));
            node = level switch { "+" => node.Plus!, "#" => node.Hash!, _ => node.Children[level] };
        }

        for (var i = path.Count - 1; i >= 0 && node.IsEmpty; i--)
        {
            var (parent, level) = path[i];
            switch (level)
            {
                case "+": parent.Plus = null; break;
                case "#": parent.Hash = null; break;
                default: parent.Children.Remove(level); break;
            }

            node = parent;
        }
    }

    private sealed class Node
    {
        public Node()
        {
            Lookup = Children.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        /// <summary>Span lookup so routing a topic does not allocate a string per level.</summary>
        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        public Node? Plus { get; set; }

        public Node? Hash { get; set; }

        public Dictionary<string, SubscriptionOptions> Subscribers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SharedGroup> Shared { get; } = new(StringComparer.Ordinal);

        public bool IsEmpty => Children.Count == 0 && Plus is null && Hash is null && Subscribers.Count == 0 && Shared.Count == 0;
    }

    /// <summary>Members of one shared subscription; one member per message, round-robin, connected members first.</summary>
    private sealed class SharedGroup
    {
        private readonly List<(string ClientId, SubscriptionOptions Options)> _members = [];
        private int _next;

        public int Count => _members.Count;

        public bool Set(string clientId, SubscriptionOptions options)
        {
            var index = _members.FindIndex(m => string.Equals(m.ClientId, clientId, StringComparison.Ordinal));
            if (index >= 0)
            {
                _members[index] = (clientId, options);
                return true;
            }

            _members.Add((clientId, options));
            return false;
        }

        public bool Remove(string clientId) =>
            _members.RemoveAll(m => string.Equals(m.ClientId, clientId, StringComparison.Ordinal)) > 0;

        public (string ClientId, SubscriptionOptions Options)? Pick(Func<string, bool> isOnline)
        {
            if (_members.Count == 0)
            {
                return null;
            }

            for (var tried = 0; tried < _members.Count; tried++)
            {
                var candidate = _members[Advance()];
                if (isOnline(candidate.ClientId))
                {
                    return candidate;
                }
            }

            // Nobody connected: queue at one member's session so the message is not lost.
            return _members[Advance()];
        }

        private int Advance()
        {
            var index = _next % _members.Count;
            _next = index + 1;
            return index;
        }
    }
}
