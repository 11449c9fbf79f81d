namespace Parsl.Tests;

public sealed class DataflowTests : KernelTest
{
    [Fact]
    public async Task Calling_an_app_returns_a_future_at_once_and_awaiting_gives_the_result()
    {
        using var gate = new ManualResetEventSlim(false);
        var blocked = TestApps.BlockUntilAsync(gate);

        Assert.False(blocked.IsCompleted);
        Assert.True(blocked.TaskId > 0);
        Assert.Equal("Parsl.Tests.TestApps.BlockUntil", blocked.App.Id);
        gate.Set();
        Assert.Equal(1, await blocked);
        Assert.Equal(TaskState.Done, blocked.State);
    }

    [Fact]
    public async Task A_dependent_app_starts_only_after_its_input_is_done()
    {
        TestApps.Events.Clear();
        var first = TestApps.SlowIdentityAsync(5, 200, "first");
        var second = TestApps.SlowIdentityAsync(first, 0, "second");

        Assert.Equal(5, await second);
        Assert.Equal(["start first", "end first", "start second", "end second"], TestApps.Events.ToArray());
    }

    [Fact]
    public async Task Independent_apps_run_in_parallel()
    {
        // Four apps meet at a barrier: they can only all pass if they run at the same time.
        using var barrier = new Barrier(4);
        var futures = Enumerable.Range(0, 4).Select(_ => TestApps.WaitAtBarrierAsync(barrier)).ToArray();

        foreach (var future in futures)
            Assert.True(await future);
    }

    [Fact]
    public async Task Futures_and_values_mix_freely_as_arguments()
    {
        var three = TestApps.AddAsync(1, 2);
        var seven = TestApps.AddAsync(three, 4);
        var ten = TestApps.AddAsync(three, seven);

        Assert.Equal(10, await ten);
        Assert.Equal(10, ten.Result());
    }

    [Fact]
    public async Task Arrays_lists_and_collection_expressions_of_futures_are_resolved()
    {
        var a = TestApps.MultiplyAsync(2, 3);
        var b = TestApps.MultiplyAsync(4, 5);

        Assert.Equal(13, await TestApps.MeanAsync(new[] { a, b }));
        Assert.Equal(13, await TestApps.MeanAsync(new List<AppFuture<double>> { a, b }));
        Assert.Equal(11, await TestApps.MeanAsync([a, 7.0, b]));
        IEnumerable<AppFuture<double>> query = new[] { 1.0, 2.0, 3.0 }.Select(x => TestApps.MultiplyAsync(x, 2));
        Assert.Equal(4, await TestApps.MeanAsync([.. query]));
        Assert.Equal(2, await TestApps.MeanAsync(new[] { 1.0, 3.0 }));
    }

    [Fact]
    public async Task The_future_of_a_whole_array_feeds_a_collection_parameter()
    {
        var squares = TestApps.SquaresAsync(4);

        Assert.Equal(3.5, await TestApps.MeanAsync(squares));
    }

    [Fact]
    public async Task List_parameters_receive_a_list()
    {
        var hello = TestApps.ThreadNameAsync();
        Assert.Equal(3, await TestApps.CountAsync(new List<string> { "a", "b", "c" }));
        Assert.Equal(2, await TestApps.CountAsync([hello, "x"]));
    }

    [Fact]
    public async Task A_collection_argument_is_captured_when_the_app_is_called()
    {
        using var gate = new ManualResetEventSlim(false);
        var values = new[] { 1.0, 2.0 };
        var blocker = TestApps.BlockUntilAsync(gate);
        var mean = TestApps.MeanAsync([TestApps.ToDoubleAsync(blocker), .. values.Select(v => (Future<double>)v)]);
        var copied = TestApps.MeanAsync(values);
        values[0] = 100;
        gate.Set();

        Assert.Equal(1.5, await copied);
        Assert.Equal((1 + 1.0 + 2.0) / 3, await mean, 6);
    }

    [Fact]
    public async Task Join_apps_complete_when_the_future_they_return_completes()
    {
        Assert.Equal(1 + 4 + 9 + 16, await TestApps.SumOfSquaresAsync(4));
    }

    [Fact]
    public async Task Async_and_void_apps_work()
    {
        Assert.Equal(42, await TestApps.DelayedValueAsync(42));
        TestApps.Events.Clear();
        await TestApps.RecordAsync("side effect");
        Assert.Contains("side effect", TestApps.Events);
    }

    [Fact]
    public void Calling_the_method_itself_runs_the_body_synchronously()
    {
        Assert.Equal(5, TestApps.Add(2, 3));
        Assert.Equal(2.5, TestApps.Mean([2.0, 3.0]));
    }

    [Fact]
    public async Task Blocking_Result_and_Wait_work_from_outside_the_kernel()
    {
        var sum = TestApps.AddAsync(TestApps.AddAsync(1, 1), 1);
        Assert.Equal(3, sum.Result(TimeSpan.FromSeconds(10)));
        sum.Wait();
        Assert.Equal(3, await sum.AsTask());
    }

    [Fact]
    public async Task Apps_that_take_a_cancellation_token_get_the_runs_token()
    {
        var waiting = TestApps.WaitForCancellationAsync();
        await Poll.UntilAsync(() => waiting.State == TaskState.Running, "the app to start");
        Kernel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(TaskState.Cancelled, waiting.State);
        Assert.NotNull(error);
    }

    [Fact]
    public async Task Counts_track_every_task()
    {
        var ok = TestApps.AddAsync(1, 1);
        var bad = TestApps.FailAsync("no");
        var skipped = TestApps.AddAsync(bad, 1);
        await Kernel.WaitForCurrentTasksAsync();

        var counts = Kernel.Counts;
        Assert.Equal(3, counts.Submitted);
        Assert.Equal(1, counts.Done);
        Assert.Equal(1, counts.Failed);
        Assert.Equal(1, counts.DependencyFailed);
        Assert.Equal(0, counts.Outstanding);
        Assert.Equal(TaskState.DependencyFailed, skipped.State);
        Assert.True(ok.IsCompletedSuccessfully);
    }
}
