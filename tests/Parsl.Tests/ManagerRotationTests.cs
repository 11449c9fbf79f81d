using Parsl.Executors;
using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>The interchange's dispatch policy on its own: round robin over managers with a free slot.</summary>
public sealed class ManagerRotationTests
{
    [Fact]
    public void Tries_go_round_the_managers_with_room_and_none_when_all_are_full()
    {
        var (a, b, c) = (Manager("a", workers: 2), Manager("b", workers: 1), Manager("c", workers: 1, prefetch: 1));
        var rotation = new ManagerRotation { a, b, c };

        Assert.Equal(["a", "b", "c", "a", "c"], Take(rotation, 6));
        Assert.Null(rotation.NextWithRoom());

        // A slot frees on b: b is next, whoever was served last.
        b.InFlight.Clear();
        Assert.Same(b, rotation.NextWithRoom());
    }

    [Fact]
    public void A_manager_that_leaves_keeps_the_turn_with_the_one_that_was_next()
    {
        var (a, b, c) = (Manager("a", workers: 9), Manager("b", workers: 9), Manager("c", workers: 9));
        var rotation = new ManagerRotation { a, b, c };
        Assert.Equal(["a", "b"], Take(rotation, 2)); // c is next

        rotation.Remove(a);
        Assert.Equal(["c", "b", "c"], Take(rotation, 3));
        rotation.Remove(c); // the one last served: the turn wraps to the start
        rotation.Remove(c); // twice is harmless
        Assert.Equal(["b", "b"], Take(rotation, 2));
        rotation.Remove(b);
        Assert.Equal(0, rotation.Count);
        Assert.Null(rotation.NextWithRoom());
    }

    /// <summary>Serves up to <paramref name="count"/> tries, each to the manager whose turn it is; stops when none has room.</summary>
    private static List<string> Take(ManagerRotation rotation, int count)
    {
        var served = new List<string>();
        for (var i = 0; i < count && rotation.NextWithRoom() is { } manager; i++)
        {
            manager.InFlight.Add(new Dispatch(default(TaskTry), [], null, null, []));
            served.Add(manager.BlockId);
        }
        return served;
    }

    private static ManagerState Manager(string name, int workers, int prefetch = 0) => new([], 0, name, "host", 1, workers, prefetch);
}
