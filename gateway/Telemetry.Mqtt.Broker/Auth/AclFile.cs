using Telemetry.Mqtt.Broker.Routing;

namespace Telemetry.Mqtt.Broker.Auth;

/// <summary>Access a rule grants; <see cref="Deny"/> refuses and is checked before any grant.</summary>
[Flags]
internal enum AclAccess
{
    Deny = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}

internal readonly record struct AclRule(AclAccess Access, string Topic);

/// <summary>
/// A mosquitto <c>acl_file</c> (mosquitto.conf(5), "acl_file"):
/// <code>
/// # comment
/// topic [read|write|readwrite|deny] &lt;topic&gt;      # before any 'user' line: applies to anonymous clients
/// user &lt;username&gt;                                 # following 'topic' lines apply to this user
/// pattern [read|write|readwrite|deny] &lt;topic&gt;    # every client, %c = client id, %u = username
/// </code>
/// The access word may be omitted (readwrite). Deny rules are checked first; then any matching grant with the needed
/// access allows; otherwise the operation is refused, as in mosquitto.
/// </summary>
/// <remarks>
/// Subscriptions: mosquitto 2.0's default check lets every subscription through and filters at delivery. We also refuse
/// at SUBSCRIBE time (SUBACK 0x80 / 0x87, as the issue requires) when no read grant covers the whole filter, and still
/// check each delivered message, so the same file never grants more here than in mosquitto.
/// </remarks>
internal sealed class AclFile
{
    internal const int MaxLineLength = 65_536;

    private readonly List<AclRule> _anonymous;
    private readonly Dictionary<string, List<AclRule>> _users;
    private readonly List<AclRule> _patterns;

    private AclFile(List<AclRule> anonymous, Dictionary<string, List<AclRule>> users, List<AclRule> patterns)
    {
        _anonymous = anonymous;
        _users = users;
        _patterns = patterns;
    }

    public static AclFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new BrokerConfigException($"acl_file '{path}' does not exist; point --acl-file / acl_file at a mosquitto ACL file.");
        }

        return Parse(File.ReadAllLines(path), path);
    }

    public static AclFile Parse(IEnumerable<string> lines, string sourceName)
    {
        var anonymous = new List<AclRule>();
        var users = new Dictionary<string, List<AclRule>>(StringComparer.Ordinal);
        var patterns = new List<AclRule>();
        var current = anonymous;
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                throw Error(sourceName, lineNumber, $"line is longer than {MaxLineLength} characters");
            }

            var space = line.IndexOfAny([' ', '\t']);
            var keyword = space < 0 ? line : line[..space];
            var rest = space < 0 ? string.Empty : line[(space + 1)..].TrimStart();
            switch (keyword)
            {
                // user <username>   (the rest of the line, spaces included, is the name)
                case "user":
                    if (rest.Length == 0)
                    {
                        throw Error(sourceName, lineNumber, "'user' needs a username");
                    }

                    if (!users.TryGetValue(rest, out current))
                    {
                        users[rest] = current = [];
                    }

                    break;

                // topic [read|write|readwrite|deny] <topic>
                case "topic":
                    current.Add(ParseRule(rest, sourceName, lineNumber));
                    break;

                // pattern [read|write|readwrite|deny] <topic>
                case "pattern":
                    patterns.Add(ParseRule(rest, sourceName, lineNumber));
                    break;

                default:
                    throw Error(sourceName, lineNumber, $"unknown keyword '{keyword}'; expected 'user', 'topic' or 'pattern'");
            }
        }

        return new AclFile(anonymous, users, patterns);
    }

    /// <summary>May this client publish to <paramref name="topic"/>?</summary>
    public bool CanWrite(string clientId, string? username, string topic) => Check(clientId, username, topic, AclAccess.Write);

    /// <summary>May this client receive a message published to <paramref name="topic"/>?</summary>
    public bool CanRead(string clientId, string? username, string topic) => Check(clientId, username, topic, AclAccess.Read);

    /// <summary>
    /// May this client subscribe to <paramref name="filter"/>? True when a read grant covers every topic the filter can
    /// match and no deny rule overlaps it.
    /// </summary>
    public bool CanSubscribe(string clientId, string? username, string filter)
    {
        var own = OwnRules(username);
        foreach (var rule in Rules(own, clientId, username))
        {
            if (rule.Access == AclAccess.Deny && (TopicFilter.Covers(rule.Topic, filter) || TopicFilter.Covers(filter, rule.Topic)))
            {
                return false;
            }
        }

        foreach (var rule in Rules(own, clientId, username))
        {
            if ((rule.Access & AclAccess.Read) != 0 && TopicFilter.Covers(rule.Topic, filter))
            {
                return true;
            }
        }

        return false;
    }

    private bool Check(string clientId, string? username, string topic, AclAccess needed)
    {
        var own = OwnRules(username);
        foreach (var rule in Rules(own, clientId, username))
        {
            if (rule.Access == AclAccess.Deny && TopicFilter.Matches(rule.Topic, topic))
            {
                return false;
            }
        }

        foreach (var rule in Rules(own, clientId, username))
        {
            if ((rule.Access & needed) != 0 && TopicFilter.Matches(rule.Topic, topic))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Anonymous clients get the rules above the first 'user' line; named clients their own block only.</summary>
    private List<AclRule>? OwnRules(string? username) =>
        username is null ? _anonymous : _users.GetValueOrDefault(username);

    private IEnumerable<AclRule> Rules(List<AclRule>? own, string clientId, string? username)
    {
        if (own is not null)
        {
            foreach (var rule in own)
            {
                yield return rule;
            }
        }

        foreach (var pattern in _patterns)
        {
            if (Substitute(pattern.Topic, clientId, username) is { } topic)
            {
                yield return pattern with { Topic = topic };
            }
        }
    }

    /// <summary>
    /// Replaces whole-level %c / %u. A value containing '/', '+' or '#' would widen the rule, so such a pattern does not
    /// apply (mosquitto 2.0 likewise refuses these characters in substituted names); %u without a username never matches.
    /// </summary>
    private static string? Substitute(string pattern, string clientId, string? username)
    {
        if (!pattern.Contains('%', StringComparison.Ordinal))
        {
            return pattern;
        }

        var levels = pattern.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            string? value = levels[i] switch
            {
                "%c" => clientId,
                "%u" => username ?? string.Empty,
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            if (value.Length == 0 || value.AsSpan().IndexOfAny('/', '+', '#') >= 0)
            {
                return null;
            }

            levels[i] = value;
        }

        return string.Join('/', levels);
    }

    private static AclRule ParseRule(string rest, string source, int line)
    {
        var access = AclAccess.ReadWrite;
        var topic = rest;
        var space = rest.IndexOfAny([' ', '\t']);
        if (space > 0)
        {
            AclAccess? parsed = rest[..space] switch
            {
                "read" => AclAccess.Read,
                "write" => AclAccess.Write,
                "readwrite" => AclAccess.ReadWrite,
                "deny" => AclAccess.Deny,
                _ => null,
            };
            if (parsed is { } a)
            {
                access = a;
                topic = rest[(space + 1)..].TrimStart();
            }
        }

        if (topic.Length == 0 || !TopicFilter.IsValidFilter(topic))
        {
            throw Error(source, line, $"'{topic}' is not a valid topic filter; use 'topic [read|write|readwrite|deny] <topic>'");
        }

        return new AclRule(access, topic);
    }

    private static BrokerConfigException Error(string source, int line, string what) =>
        new($"acl_file '{source}' line {line}: {what}.");
}
