using System.Diagnostics;

namespace Parsl.Tests;

public sealed class CancellationTests : KernelTest
{
    [Fact]
    public async Task Cancelling_a_pending_task_fails_its_dependents_with_a_cancellation_error()
    {
        using var gate = new ManualResetEventSlim(false);
        var blocker = TestApps.BlockUntilAsync(gate);
        var pending = TestApps.IncrementAsync(blocker);
        var dependent = TestApps.IncrementAsync(pending);

        Assert.True(pending.Cancel());
        gate.Set();

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await pending);
        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await dependent);
        Assert.Equal(TaskState.Cancelled, pending.State);
        Assert.Same(pending, Assert.Single(error.RootCauses));
        Assert.Contains("was cancelled", error.Message);
        Assert.Equal(1, await blocker);
    }

    [Fact]
    public async Task Cancelling_a_running_bash_app_kills_it_at_once()
    {
        var sleeping = BashTestApps.SleepAsync(60);
        await Poll.UntilAsync(() => sleeping.State == TaskState.Running, "the command to start");
        var clock = Stopwatch.StartNew();

        Assert.True(sleeping.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sleeping);
        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(2)));
        Assert.False(sleeping.Cancel());
    }

    [Fact]
    public async Task Cancelling_a_finished_task_does_nothing()
    {
        var done = TestApps.AddAsync(1, 1);
        await done;

        Assert.False(done.Cancel());
        Assert.Equal(2, await done);
    }
}
