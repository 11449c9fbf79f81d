namespace Parsl.Tests;

public sealed class DependencyFailureTests : KernelTest
{
    [Fact]
    public async Task A_failed_app_throws_its_own_exception_when_awaited()
    {
        var failed = TestApps.FailAsync("boom");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await failed);
        Assert.Equal("boom", error.Message);
        Assert.Equal(TaskState.Failed, failed.State);
    }

    [Fact]
    public async Task A_task_whose_input_failed_is_not_run_and_names_the_upstream_task()
    {
        Interlocked.Exchange(ref TestApps.Executions, 0);
        var failed = TestApps.FailAsync("boom");
        var dependent = TestApps.IncrementAsync(failed);

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await dependent);

        Assert.Equal(0, Volatile.Read(ref TestApps.Executions));
        Assert.Equal(TaskState.DependencyFailed, dependent.State);
        Assert.Equal(dependent.TaskId, error.TaskId);
        var input = Assert.Single(error.FailedInputs);
        Assert.Equal("value", input.ParameterName);
        Assert.Same(failed, input.Future);
        Assert.Same(failed, Assert.Single(error.RootCauses));
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains($"task {failed.TaskId} (Parsl.Tests.TestApps.Fail) failed with InvalidOperationException: boom", error.Message);
        Assert.Contains("input 'value'", error.Message);
        Assert.Contains($"Task {dependent.TaskId} (Parsl.Tests.TestApps.Increment) was not run", error.Message);
    }

    [Fact]
    public async Task An_app_with_more_inputs_than_a_pack_holds_gets_each_in_place_and_failures_name_the_right_parameter()
    {
        var nine = TestApps.IncrementAsync(8);
        Assert.Equal("1,2,3,4,5,6,7,8,9,10,11 (token)", await TestApps.WideAsync(1, 2, 3, 4, 5, 6, 7, 8, nine, [10, 11]));

        var failed = TestApps.FailAsync("late input");
        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await TestApps.WideAsync(1, 2, 3, 4, 5, 6, 7, 8, 9, [10, failed]));
        Assert.Equal("tail", Assert.Single(error.FailedInputs).ParameterName);
        error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await TestApps.WideAsync(1, 2, 3, 4, 5, 6, 7, failed, 9, []));
        Assert.Equal("a8", Assert.Single(error.FailedInputs).ParameterName);
    }

    [Fact]
    public async Task Failure_propagates_down_a_chain_with_the_root_cause()
    {
        var root = TestApps.FailAsync("root cause");
        var middle = TestApps.IncrementAsync(root);
        var leaf = TestApps.IncrementAsync(middle);

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await leaf);

        Assert.Same(root, Assert.Single(error.RootCauses));
        Assert.Contains($"task {middle.TaskId} (Parsl.Tests.TestApps.Increment) was not run either; root cause: task {root.TaskId} (Parsl.Tests.TestApps.Fail) failed with InvalidOperationException: root cause", error.Message);
        Assert.Equal("root cause", error.InnerException!.Message);
    }

    [Fact]
    public async Task Several_failed_inputs_in_a_collection_are_all_reported()
    {
        var fine = TestApps.MultiplyAsync(1, 1);
        var bad1 = TestApps.FailAsync("one");
        var bad2 = TestApps.FailAsync("two");
        var mean = TestApps.MeanAsync([fine, TestApps.ToDoubleAsync(bad1), TestApps.ToDoubleAsync(bad2)]);

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await mean);

        Assert.Equal(2, error.FailedInputs.Count);
        Assert.All(error.FailedInputs, input => Assert.Equal("xs", input.ParameterName));
        Assert.Equal(new AppFuture[] { bad1, bad2 }, error.RootCauses.OrderBy(f => f.TaskId));
        Assert.IsType<AggregateException>(error.InnerException);
    }

    [Fact]
    public async Task An_input_that_already_failed_when_the_app_is_called_still_fails_the_task()
    {
        var failed = TestApps.FailAsync("early");
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await failed);

        var late = TestApps.IncrementAsync(failed);

        await Assert.ThrowsAsync<DependencyFailedException>(async () => await late);
    }
}
