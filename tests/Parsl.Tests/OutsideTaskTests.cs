namespace Parsl.Tests;

/// <summary>Tasks made outside Parsl (a TaskCompletionSource, an HTTP request) as app inputs, with no bridge app holding a worker.</summary>
public sealed class OutsideTaskTests : KernelTest
{
    [Fact]
    public async Task An_app_waits_for_an_outside_task_that_completes_late_without_running_before_it()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runsBefore = Volatile.Read(ref OutsideTaskApps.Runs);

        var dependent = OutsideTaskApps.TwiceAsync(source.Task);
        await Task.Delay(100);

        Assert.False(dependent.IsCompleted);
        Assert.Equal(TaskState.Pending, dependent.State);
        Assert.Equal(runsBefore, Volatile.Read(ref OutsideTaskApps.Runs));
        source.SetResult(21);
        Assert.Equal(42, await dependent);
    }

    [Fact]
    public async Task A_failed_outside_task_is_the_root_cause_of_its_dependents_failure()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dependent = OutsideTaskApps.TwiceAsync(source.Task);
        var downstream = OutsideTaskApps.TwiceAsync(dependent);

        source.SetException(new HttpRequestException("404 Not Found"));
        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await downstream);

        var root = Assert.Single(error.RootCauses);
        Assert.Equal(AppKind.Outside, root.App.Kind);
        Assert.Equal(TaskState.Failed, root.State);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(TaskState.DependencyFailed, dependent.State);
        Assert.Contains("root cause: outside Task<Int32> failed with HttpRequestException: 404 Not Found", error.Message);
    }

    [Fact]
    public async Task A_cancelled_outside_task_fails_its_dependents_as_cancelled_and_names_where_it_came_from()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outside = AppFuture.FromTask(source.Task);
        var dependent = OutsideTaskApps.TwiceAsync(outside);

        source.SetCanceled();
        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await dependent);

        Assert.Equal(TaskState.Cancelled, outside.State);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Contains("input 'value' <- outside Task<Int32> from OutsideTaskTests.cs:", error.Message);
        Assert.Contains("was cancelled", error.Message);
    }

    [Fact]
    public async Task Cancel_leaves_an_outside_task_alone()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outside = AppFuture.FromTask(source.Task);

        Assert.False(outside.Cancel());
        source.SetResult(5);

        Assert.Equal(10, await OutsideTaskApps.TwiceAsync(outside));
        Assert.Equal(TaskState.Done, outside.State);
    }

    [Fact]
    public async Task Value_tasks_completed_or_not_are_taken_too()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = OutsideTaskApps.TwiceAsync(new ValueTask<int>(source.Task));
        var done = OutsideTaskApps.TwiceAsync(new ValueTask<int>(4));

        Assert.Equal(8, await done);
        source.SetResult(3);
        Assert.Equal(6, await pending);
    }

    [Fact]
    public async Task A_completed_future_is_made_from_a_value()
    {
        var ready = AppFuture.FromResult(7);

        Assert.True(ready.IsCompletedSuccessfully);
        Assert.Equal(TaskState.Done, ready.State);
        Assert.Equal(7, ready.Result());
        Assert.Equal(14, await OutsideTaskApps.TwiceAsync(ready));
    }

    [Fact]
    public async Task One_outside_task_feeds_many_apps_and_mixes_with_app_futures()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outside = AppFuture.FromTask(source.Task);
        var dependents = Enumerable.Range(0, 200).Select(i => OutsideTaskApps.AddAsync(outside, OutsideTaskApps.TwiceAsync(i))).ToList();

        source.SetResult(1000);

        for (var i = 0; i < dependents.Count; i++)
            Assert.Equal(1000 + 2 * i, await dependents[i]);
    }
}

public static partial class OutsideTaskApps
{
    public static int Runs;

    [App]
    public static partial int Twice(int value)
    {
        Interlocked.Increment(ref Runs);
        return value * 2;
    }

    [App]
    public static partial int Add(int a, int b) => a + b;
}
