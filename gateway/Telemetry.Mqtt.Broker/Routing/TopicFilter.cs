using System.Text;

namespace Telemetry.Mqtt.Broker.Routing;

/// <summary>Topic name / topic filter rules of MQTT 3.1.1 §4.7 and MQTT 5.0 §4.7.</summary>
internal static class TopicFilter
{
    /// <summary>MQTT strings are at most 65,535 UTF-8 bytes (§1.5.3 / §1.5.4).</summary>
    public const int MaxTopicBytes = 65_535;

    private const string SharePrefix = "$share/";

    /// <summary>A topic name in PUBLISH: non-empty, no wildcards, no NUL (§4.7.3, §4.7.1).</summary>
    public static bool IsValidTopicName(string topic) =>
        topic.Length > 0 && topic.AsSpan().IndexOfAny('+', '#', '\0') < 0 && Encoding.UTF8.GetByteCount(topic) <= MaxTopicBytes;

    /// <summary>
    /// A topic filter: '#' only as the whole last level, '+' only as a whole level (§4.7.1.2, §4.7.1.3), non-empty, no NUL.
    /// </summary>
    public static bool IsValidFilter(ReadOnlySpan<char> filter)
    {
        if (filter.IsEmpty || filter.Contains('\0'))
        {
            return false;
        }

        var levelStart = 0;
        for (var i = 0; i <= filter.Length; i++)
        {
            if (i < filter.Length && filter[i] != '/')
            {
                continue;
            }

            var level = filter[levelStart..i];
            var hasHash = level.Contains('#');
            var hasPlus = level.Contains('+');
            if ((hasHash && (level.Length != 1 || i != filter.Length)) || (hasPlus && level.Length != 1))
            {
                return false;
            }

            levelStart = i + 1;
        }

        return true;
    }

    public static bool HasWildcard(ReadOnlySpan<char> filter) => filter.IndexOfAny('+', '#') >= 0;

    /// <summary>
    /// Splits "$share/{ShareName}/{filter}" (MQTT 5.0 §4.8.2). Returns false for a non-shared filter.
    /// A share name is non-empty and has no '/', '+' or '#'; the filter after it must itself be valid.
    /// </summary>
    public static bool TryParseShared(string filter, out string group, out string innerFilter, out bool malformed)
    {
        group = string.Empty;
        innerFilter = filter;
        malformed = false;
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = filter.AsSpan(SharePrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || rest[..slash].IndexOfAny('+', '#') >= 0 || slash == rest.Length - 1)
        {
            malformed = true;
            return true;
        }

        group = rest[..slash].ToString();
        innerFilter = rest[(slash + 1)..].ToString();
        malformed = !IsValidFilter(innerFilter);
        return true;
    }

    /// <summary>
    /// Does <paramref name="filter"/> match <paramref name="topic"/>? A filter starting with a wildcard
    /// does not match a topic starting with '$' (§4.7.2); "a/#" also matches "a" (§4.7.1.2).
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> topic)
    {
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && (filter[0] == '+' || filter[0] == '#'))
        {
            return false;
        }

        while (true)
        {
            var fSlash = filter.IndexOf('/');
            var fLevel = fSlash < 0 ? filter : filter[..fSlash];
            if (fLevel.Length == 1 && fLevel[0] == '#')
            {
                return true;
            }

            var tSlash = topic.IndexOf('/');
            var tLevel = tSlash < 0 ? topic : topic[..tSlash];
            if (!(fLevel.Length == 1 && fLevel[0] == '+') && !fLevel.SequenceEqual(tLevel))
            {
                return false;
            }

            if (fSlash < 0 || tSlash < 0)
            {
                // Both ended: match. Topic ended but the filter continues: only "/#" may follow ("a/#" matches "a").
                return (fSlash < 0 && tSlash < 0) || (tSlash < 0 && filter[(fSlash + 1)..] is "#");
            }

            filter = filter[(fSlash + 1)..];
            topic = topic[(tSlash + 1)..];
        }
    }

    /// <summary>
    /// Is every topic matched by <paramref name="inner"/> also matched by <paramref name="outer"/>?
    /// Used to decide whether an ACL rule covers a whole subscription filter.
    /// </summary>
    public static bool Covers(ReadOnlySpan<char> outer, ReadOnlySpan<char> inner)
    {
        // An outer filter starting with a wildcard never reaches '$' topics; an inner one starting with '$' may.
        if (inner.Length > 0 && inner[0] == '$' && outer.Length > 0 && (outer[0] == '+' || outer[0] == '#'))
        {
            return false;
        }

        while (true)
        {
            var oSlash = outer.IndexOf('/');
            var oLevel = oSlash < 0 ? outer : outer[..oSlash];
            if (oLevel is "#")
            {
                return true;
            }

            var iSlash = inner.IndexOf('/');
            var iLevel = iSlash < 0 ? inner : inner[..iSlash];
            if (iLevel is "#")
            {
                return false; // inner reaches arbitrarily deep; outer does not
            }

            if (oLevel is "+")
            {
                // '+' covers any single level, including an inner '+'.
            }
            else if (iLevel is "+" || !oLevel.SequenceEqual(iLevel))
            {
                return false;
            }

            if (oSlash < 0 || iSlash < 0)
            {
                return (oSlash < 0 && iSlash < 0) || (iSlash < 0 && outer[(oSlash + 1)..] is "#");
            }

            outer = outer[(oSlash + 1)..];
            inner = inner[(iSlash + 1)..];
        }
    }
}
