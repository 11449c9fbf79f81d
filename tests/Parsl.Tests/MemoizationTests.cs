namespace Parsl.Tests;

public sealed class MemoizationTests : KernelTest
{
    public MemoizationTests() => CacheTestApps.Executions.Clear();

    [Fact]
    public async Task A_repeated_call_is_answered_from_the_memo_table()
    {
        var first = CacheTestApps.SquareAsync(7);
        Assert.Equal(49, await first);
        var second = CacheTestApps.SquareAsync(7);

        Assert.Equal(49, await second);
        Assert.Equal(1, CacheTestApps.ExecutionsOf("Square"));
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(1, Kernel.Counts.FromCache);
    }

    [Fact]
    public async Task Different_arguments_are_different_keys()
    {
        Assert.Equal(4, await CacheTestApps.SquareAsync(2));
        Assert.Equal(9, await CacheTestApps.SquareAsync(3));
        Assert.Equal(2, CacheTestApps.ExecutionsOf("Square"));
    }

    [Fact]
    public async Task Identical_calls_in_flight_run_once_and_share_the_result()
    {
        using var gate = new ManualResetEventSlim(false);
        var calls = Enumerable.Range(0, 2000).Select(_ => CacheTestApps.SlowSquareAsync(5, gate)).ToArray();
        await Poll.UntilAsync(() => calls[0].State == TaskState.Running, "the first call to run");
        gate.Set();

        var results = await Task.WhenAll(calls.Select(c => c.AsTask()));

        Assert.All(results, r => Assert.Equal(25, r));
        Assert.Equal(1, CacheTestApps.ExecutionsOf("SlowSquare"));
        Assert.Equal(1999, calls.Count(c => c.FromCache));
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await CacheTestApps.FailsOnceAsync("a"));

        Assert.Equal(2, await CacheTestApps.FailsOnceAsync("a"));
        Assert.Equal(2, CacheTestApps.ExecutionsOf("FailsOnce:a"));
    }

    [Fact]
    public async Task Failures_are_cached_when_the_app_asks()
    {
        var first = await Assert.ThrowsAsync<ArgumentException>(async () => await CacheTestApps.AlwaysFailsAsync("x"));
        var repeat = CacheTestApps.AlwaysFailsAsync("x");
        var second = await Assert.ThrowsAsync<ArgumentException>(async () => await repeat);

        Assert.Same(first, second);
        Assert.True(repeat.FromCache);
        Assert.Equal(1, CacheTestApps.ExecutionsOf("AlwaysFails:x"));
    }

    [Fact]
    public async Task An_ignored_parameter_does_not_change_the_key()
    {
        Assert.Equal(6, await CacheTestApps.ScaledAsync(3, "first"));
        Assert.Equal(6, await CacheTestApps.ScaledAsync(3, "second"));
        Assert.Equal(1, CacheTestApps.ExecutionsOf("Scaled"));
    }

    [Fact]
    public async Task A_file_argument_is_keyed_by_content_so_editing_reruns_and_touching_does_not()
    {
        var path = ScratchFile("input.txt");
        File.WriteAllText(path, "a\nb\n");
        Assert.Equal(2, await CacheTestApps.LinesAsync(new DataFile(path)));

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(2, await CacheTestApps.LinesAsync(new DataFile(path)));
        Assert.Equal(1, CacheTestApps.ExecutionsOf("Lines"));

        File.WriteAllText(path, "a\nb\nc\n");
        Assert.Equal(3, await CacheTestApps.LinesAsync(new DataFile(path)));
        Assert.Equal(2, CacheTestApps.ExecutionsOf("Lines"));
    }

    [Fact]
    public async Task Records_are_keyed_member_by_member_including_nested_ones()
    {
        var parent = new Sample("p", [10]);
        Assert.Equal(13, await CacheTestApps.TotalAsync(new Sample("s", [1, 2], parent)));
        Assert.Equal(13, await CacheTestApps.TotalAsync(new Sample("s", [1, 2], new Sample("p", [10]))));
        Assert.Equal(1, CacheTestApps.ExecutionsOf("Total"));

        Assert.Equal(14, await CacheTestApps.TotalAsync(new Sample("s", [1, 2], new Sample("p", [11]))));
        Assert.Equal(2, CacheTestApps.ExecutionsOf("Total"));
    }

    [Fact]
    public async Task An_argument_without_a_stable_form_fails_the_task_naming_the_parameter()
    {
        var error = await Assert.ThrowsAsync<CacheKeyException>(async () => await CacheTestApps.OpaqueAsync(new object()));

        Assert.Equal("value", error.Parameter);
        Assert.Contains("Cached app Parsl.Tests.CacheTestApps.Opaque cannot build its memo key: parameter 'value': its type 'object' can hold anything", error.Message);
    }

    [Fact]
    public async Task A_cached_bash_app_whose_output_was_deleted_runs_again()
    {
        var log = ScratchFile("runs.log");
        var output = ScratchFile("echo.txt");
        await CacheTestApps.EchoAsync("hi", log, output);
        var hit = CacheTestApps.EchoAsync("hi", log, output);
        await hit;
        Assert.True(hit.FromCache);
        Assert.Single(File.ReadAllLines(log));

        File.Delete(output);
        var rerun = CacheTestApps.EchoAsync("hi", log, output);
        await rerun;

        Assert.False(rerun.FromCache);
        Assert.Equal(2, File.ReadAllLines(log).Length);
        Assert.Equal("hi\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task Futures_as_arguments_are_keyed_by_their_values()
    {
        var three = TestApps.AddAsync(1, 2);
        Assert.Equal(9, await CacheTestApps.SquareAsync(three));
        Assert.Equal(9, await CacheTestApps.SquareAsync(3));
        Assert.Equal(1, CacheTestApps.ExecutionsOf("Square"));
    }
}
