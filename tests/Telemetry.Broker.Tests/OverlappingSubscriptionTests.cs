using Telemetry.Mqtt.Broker.Routing;

namespace Telemetry.Broker.Tests;

/// <summary>MQTT 3.1.1 §3.3.5 / 5.0 §3.3.4: overlapping subscriptions of one client give one copy at the highest QoS.</summary>
public sealed partial class OverlappingSubscriptionTests
{
    [Fact]
    public void One_copy_at_the_maximum_qos_with_every_subscription_identifier()
    {
        var tree = new SubscriptionTree();
        tree.Add("c1", "dm/+/det", new SubscriptionOptions(0, SubscriptionId: 4));
        tree.Add("c1", "dm/#", new SubscriptionOptions(2, SubscriptionId: 9));
        tree.Add("c1", "dm/rig01/det", new SubscriptionOptions(1));
        tree.Add("c2", "dm/rig01/det", new SubscriptionOptions(1));

        var targets = tree.Match("dm/rig01/det", null, _ => true);

        Assert.Equal(2, targets.Count);
        var c1 = Assert.Single(targets, t => t.ClientId == "c1");
        Assert.Equal(2, c1.Qos);
        Assert.Equal([4u, 9u], c1.SubscriptionIds.Order());
        Assert.Equal(1, Assert.Single(targets, t => t.ClientId == "c2").Qos);
    }

    [Fact]
    public void No_local_subscription_does_not_count_for_the_publisher_itself()
    {
        var tree = new SubscriptionTree();
        tree.Add("c1", "a/#", new SubscriptionOptions(2, NoLocal: true));
        tree.Add("c1", "a/b", new SubscriptionOptions(1));
        Assert.Equal(1, Assert.Single(tree.Match("a/b", "c1", _ => true)).Qos);
        Assert.Empty(tree.Match("a/c", "c1", _ => true));
        Assert.Equal(2, Assert.Single(tree.Match("a/c", "c2", _ => true)).Qos);
    }

    [Fact]
    public void Unsubscribe_removes_only_that_filter_and_prunes_the_tree()
    {
        var tree = new SubscriptionTree();
        tree.Add("c1", "a/+/c", new SubscriptionOptions(1));
        tree.Add("c1", "a/b/c", new SubscriptionOptions(0));
        Assert.True(tree.Remove("c1", "a/+/c"));
        Assert.False(tree.Remove("c1", "a/+/c"));
        Assert.Equal(0, Assert.Single(tree.Match("a/b/c", null, _ => true)).Qos);
        Assert.True(tree.Remove("c1", "a/b/c"));
        Assert.Equal(0, tree.Count);
        Assert.Empty(tree.Match("a/b/c", null, _ => true));
    }
}
