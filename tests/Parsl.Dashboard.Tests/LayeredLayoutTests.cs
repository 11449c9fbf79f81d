using Parsl.Dashboard.Charts;

namespace Parsl.Dashboard.Tests;

/// <summary>The workflow graph's layout: a node one layer below its deepest producer, layers ordered by their producers.</summary>
public sealed class LayeredLayoutTests
{
    [Fact]
    public void A_node_sits_below_its_deepest_producer()
    {
        // prepare → simulate → analyze, and prepare → analyze directly: analyze waits for both, so it sits under simulate.
        var place = LayeredLayout.Place(["prepare", "simulate", "analyze"], [("prepare", "simulate"), ("simulate", "analyze"), ("prepare", "analyze")]);
        Assert.Equal([0, 1, 2], new[] { "prepare", "simulate", "analyze" }.Select(n => place[n].Layer));
    }

    [Fact]
    public void A_layer_is_ordered_by_where_its_producers_sit()
    {
        // b2 is fed by a0 (left), b1 by a1 (right): the layer puts b2 first, so the edges do not cross.
        var place = LayeredLayout.Place(["a0", "a1", "b1", "b2"], [("a0", "b2"), ("a1", "b1")]);
        Assert.Equal((0, 0), place["a0"]);
        Assert.Equal((0, 1), place["a1"]);
        Assert.Equal((1, 0), place["b2"]);
        Assert.Equal((1, 1), place["b1"]);
    }

    [Fact]
    public void Nodes_on_or_below_a_cycle_go_to_the_first_layer_and_unknown_ends_are_ignored()
    {
        var place = LayeredLayout.Place(["x", "y", "z"], [("x", "y"), ("y", "x"), ("y", "z"), ("ghost", "z")]);
        Assert.Equal(0, place["x"].Layer);
        Assert.Equal(0, place["y"].Layer);
        Assert.Equal(0, place["z"].Layer);
        Assert.Equal(3, place.Count);
    }
}
