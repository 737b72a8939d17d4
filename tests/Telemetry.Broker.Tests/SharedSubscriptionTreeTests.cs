using Telemetry.Mqtt.Broker.Routing;

namespace Telemetry.Broker.Tests;

/// <summary>MQTT 5.0 §4.8.2: one member of each shared group gets each message, besides any non-shared copy.</summary>
public sealed class SharedSubscriptionTreeTests
{
    [Fact]
    public void Each_message_goes_to_one_member_per_group_round_robin()
    {
        var tree = new SubscriptionTree();
        tree.Add("w1", "$share/workers/jobs/+", new SubscriptionOptions(1));
        tree.Add("w2", "$share/workers/jobs/+", new SubscriptionOptions(1));
        tree.Add("w3", "$share/audit/jobs/#", new SubscriptionOptions(0));
        tree.Add("w1", "jobs/#", new SubscriptionOptions(0)); // non-shared copy is separate

        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 10; i++)
        {
            var targets = tree.Match("jobs/x", null, _ => true);
            Assert.Equal(3, targets.Count);
            Assert.Single(targets, t => !t.Shared);
            foreach (var t in targets.Where(t => t.Shared && t.ClientId != "w3"))
            {
                counts[t.ClientId] = counts.GetValueOrDefault(t.ClientId) + 1;
            }
        }

        Assert.Equal(5, counts["w1"]);
        Assert.Equal(5, counts["w2"]);
    }

    [Fact]
    public void Offline_members_are_skipped_while_another_is_online()
    {
        var tree = new SubscriptionTree();
        tree.Add("w1", "$share/g/t", new SubscriptionOptions(1));
        tree.Add("w2", "$share/g/t", new SubscriptionOptions(1));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("w2", Assert.Single(tree.Match("t", null, id => id == "w2")).ClientId);
        }

        // Nobody online: still one member, so the message is queued rather than lost.
        Assert.Single(tree.Match("t", null, _ => false));
    }
}
