using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Tests;

/// <summary>A manager's assignment policy on its own: tries in arrival order, each ready worker up to its share, a dead worker's unstarted tries first in line.</summary>
public sealed class WorkAssignmentTests
{
    [Fact]
    public void Ready_workers_take_tries_in_order_up_to_their_share_of_the_prefetch()
    {
        var workers = Workers(2);
        var assignment = new WorkAssignment(workers, prefetch: 4); // share: the one it runs + 4/2
        foreach (var id in Enumerable.Range(1, 8))
            assignment.Add(Try(id));

        Assert.Equal(3, assignment.Share);
        Assert.Equal([1, 2, 3], TakeAll(assignment, workers[0]));
        Assert.Equal([4, 5, 6], TakeAll(assignment, workers[1]));
        Assert.Equal(2, assignment.Waiting);
        Assert.Equal(2, assignment.Busy);
        Assert.False(assignment.HasWorkFor(workers[0]));

        Assert.Equal(2, assignment.Finished(workers[0], 2)?.DispatchId); // out of order is fine: the worker says which ended
        Assert.Null(assignment.Finished(workers[0], 2)); // a stale report changes nothing
        Assert.Equal([7], TakeAll(assignment, workers[0]));
    }

    [Fact]
    public void A_worker_that_is_not_ready_takes_nothing()
    {
        var workers = Workers(1);
        workers[0].Ready = false;
        var assignment = new WorkAssignment(workers, prefetch: 0);
        assignment.Add(Try(1));

        Assert.False(assignment.HasWorkFor(workers[0]));
        Assert.False(assignment.TryTake(workers[0], out _));
        Assert.Equal(1, assignment.Waiting);
        Assert.Equal(0, assignment.Busy);
    }

    [Fact]
    public void A_dead_workers_running_try_is_lost_and_its_others_go_first_in_line_in_their_order()
    {
        var workers = Workers(2);
        var assignment = new WorkAssignment(workers, prefetch: 4);
        foreach (var id in Enumerable.Range(1, 5))
            assignment.Add(Try(id));
        Assert.Equal([1, 2, 3], TakeAll(assignment, workers[0]));

        var lost = assignment.WorkerLost(workers[0]);

        Assert.Equal(1, lost!.DispatchId);
        Assert.Empty(workers[0].Assigned);
        Assert.Equal([2, 3, 4], TakeAll(assignment, workers[1]));
        Assert.Null(assignment.WorkerLost(workers[0])); // holding nothing, it loses nothing
    }

    [Fact]
    public void A_cancelled_try_leaves_the_line_if_it_waits_and_its_holder_is_found_if_not()
    {
        var workers = Workers(1);
        var assignment = new WorkAssignment(workers, prefetch: 0);
        assignment.Add(Try(1));
        assignment.Add(Try(2));
        Assert.Equal([1], TakeAll(assignment, workers[0]));

        Assert.True(assignment.RemoveWaiting(2));
        Assert.False(assignment.RemoveWaiting(1)); // held by a worker, not waiting
        Assert.Same(workers[0], assignment.HolderOf(1));
        Assert.Null(assignment.HolderOf(2));
        Assert.Equal(0, assignment.Waiting);
    }

    [Fact]
    public void A_manager_without_workers_or_with_a_negative_prefetch_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkAssignment([], prefetch: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkAssignment(Workers(1), prefetch: -1));
    }

    private static List<long> TakeAll(WorkAssignment assignment, WorkerSlot worker)
    {
        var taken = new List<long>();
        while (assignment.TryTake(worker, out var next))
            taken.Add(next.DispatchId);
        return taken;
    }

    private static WorkerSlot[] Workers(int count) => Enumerable.Range(0, count).Select(i => new WorkerSlot(i) { Ready = true }).ToArray();

    private static DispatchMessage Try(long id) => new(id, id, "app", null, Guid.Empty, [], null, null, [], [], []);
}
