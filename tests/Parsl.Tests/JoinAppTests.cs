namespace Parsl.Tests;

public sealed class JoinAppTests : KernelTest
{
    public JoinAppTests() => CacheTestApps.Executions.Clear();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task A_join_returning_futures_completes_with_their_results_in_order(int n)
    {
        var expected = Enumerable.Range(0, n).Select(i => i * i).ToArray();

        Assert.Equal(expected, await JoinTestApps.SquaresAsync(n));
        Assert.Equal(expected, await JoinTestApps.SquaresListAsync(n));
        Assert.Equal(expected, await JoinTestApps.SquaresReadOnlyAsync(n));
    }

    [Fact]
    public async Task A_join_whose_returned_futures_fail_names_each_failed_task_and_app()
    {
        var join = JoinTestApps.SomeFailAsync();

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await join);

        Assert.Equal(TaskState.Failed, join.State);
        Assert.Contains($"Join task {join.TaskId} (Parsl.Tests.JoinTestApps.SomeFail) failed because 2 of the 3 futures it returned failed:", error.Message);
        Assert.Contains("(Parsl.Tests.TestApps.Fail) failed with InvalidOperationException: first inner failure", error.Message);
        Assert.Contains("(Parsl.Tests.TestApps.Fail) failed with InvalidOperationException: second inner failure", error.Message);
        Assert.Equal(2, error.RootCauses.Count);
        Assert.All(error.RootCauses, root => Assert.Equal("Parsl.Tests.TestApps.Fail", root.App.Id));
    }

    [Fact]
    public async Task A_join_whose_one_future_fails_says_which_task_that_was()
    {
        var join = JoinTestApps.FailsInsideAsync();

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await join);

        var inner = Assert.Single(error.RootCauses);
        Assert.Contains($"failed because the future it returned failed:\n  task {inner.TaskId} (Parsl.Tests.TestApps.Fail) failed with InvalidOperationException: the inner task failed", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task A_cached_join_runs_its_body_once_for_identical_calls()
    {
        Assert.Equal(8, await JoinTestApps.CachedPlusOneAsync(7));
        var again = JoinTestApps.CachedPlusOneAsync(7);

        Assert.Equal(8, await again);
        Assert.True(again.FromCache);
        Assert.Equal(1, CacheTestApps.ExecutionsOf("CachedPlusOne"));
        Assert.Equal(10, await JoinTestApps.CachedPlusOneAsync(9));
    }
}
