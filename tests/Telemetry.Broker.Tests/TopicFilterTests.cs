using Telemetry.Mqtt.Broker.Routing;

namespace Telemetry.Broker.Tests;

public sealed class TopicFilterTests
{
    // Examples of MQTT 5.0 §4.7.1.2, §4.7.1.3, §4.7.2 and 3.1.1 §4.7.
    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/broker/uptime", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/B", false)]
    [InlineData("a/b", "a/b/c", false)]
    public void Matches_spec_examples(string filter, string topic, bool expected)
    {
        Assert.Equal(expected, TopicFilter.Matches(filter, topic));

        // The subscription tree must agree with the reference matcher.
        var tree = new SubscriptionTree();
        tree.Add("c", filter, new SubscriptionOptions(1));
        Assert.Equal(expected, tree.Match(topic, null, _ => true).Count == 1);
    }

    [Theory]
    [InlineData("sport/tennis/#", true)]
    [InlineData("sport/tennis#", false)]
    [InlineData("sport/tennis/#/ranking", false)]
    [InlineData("+", true)]
    [InlineData("+/tennis/#", true)]
    [InlineData("sport+", false)]
    [InlineData("sport/+/player1", true)]
    [InlineData("", false)]
    [InlineData("a\0b", false)]
    public void Filter_validity(string filter, bool valid) => Assert.Equal(valid, TopicFilter.IsValidFilter(filter));

    [Theory]
    [InlineData("$share/g/a/+", true, "g", "a/+", false)]
    [InlineData("$share/g/#", true, "g", "#", false)]
    [InlineData("$share//a", true, "", "", true)]
    [InlineData("$share/g", true, "", "", true)]
    [InlineData("$share/g+/a", true, "", "", true)]
    [InlineData("$share/g/a/#/b", true, "g", "a/#/b", true)]
    [InlineData("$shared/g/a", false, "", "$shared/g/a", false)]
    public void Shared_filters_split_into_group_and_filter(string text, bool shared, string group, string inner, bool malformed)
    {
        Assert.Equal(shared, TopicFilter.TryParseShared(text, out var g, out var f, out var bad));
        Assert.Equal(malformed, bad);
        if (!malformed)
        {
            Assert.Equal(group, g);
            Assert.Equal(inner, f);
        }
    }

    [Fact]
    public void Random_topics_tree_agrees_with_reference_matcher()
    {
        // Differential check: every filter over a small alphabet against every topic, tree vs. direct matcher.
        var random = new Random(7);
        string[] levels = ["a", "b", "$x", ""];
        string Topic()
        {
            var n = random.Next(1, 4);
            return string.Join('/', Enumerable.Range(0, n).Select(_ => levels[random.Next(levels.Length)]));
        }

        string Filter()
        {
            var n = random.Next(1, 4);
            var parts = Enumerable.Range(0, n).Select(_ => random.Next(5) switch { 0 => "+", _ => levels[random.Next(levels.Length)] }).ToList();
            if (random.Next(3) == 0)
            {
                parts.Add("#");
            }

            return string.Join('/', parts);
        }

        var tree = new SubscriptionTree();
        var filters = Enumerable.Range(0, 60).Select(_ => Filter()).Distinct().ToArray();
        for (var i = 0; i < filters.Length; i++)
        {
            tree.Add("c" + i, filters[i], new SubscriptionOptions(0));
        }

        for (var t = 0; t < 500; t++)
        {
            var topic = Topic();
            if (!TopicFilter.IsValidTopicName(topic))
            {
                continue;
            }

            var expected = filters.Select((f, i) => (f, i)).Where(x => TopicFilter.Matches(x.f, topic)).Select(x => "c" + x.i).Order().ToArray();
            var actual = tree.Match(topic, null, _ => true).Select(x => x.ClientId).Order().ToArray();
            Assert.Equal(expected, actual);
        }
    }
}
