using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>Situations that once ended the process or hung it: none may, whatever the input or the timing.</summary>
public sealed class KernelHardeningTests : IDisposable
{
    private const int ChainLength = 1_000_000;
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(2);
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-hardening-").FullName;

    private string Runs => Path.Combine(_scratch, "runinfo");

    private ParslConfig Config(params IExecutor[] executors) => new()
    {
        Executors = executors,
        RunDirectory = Runs,
        ExitOnCtrlC = false,
        PrintFailureReport = false,
    };

    private ParslConfig ChainConfig(bool inline) =>
        Config(new ThreadPoolExecutor("gate", 1), inline ? new InlineExecutor("chain") : new ThreadPoolExecutor("chain", 2));

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>A chain of <see cref="ChainLength"/> links after <paramref name="head"/>; with a gate, link <paramref name="gateAt"/> waits for it.</summary>
    private static AppFuture<int>[] Chain(AppFuture<int> head, int gateAt = -1, ManualResetEventSlim? gate = null)
    {
        var chain = new AppFuture<int>[ChainLength];
        chain[0] = head;
        for (var i = 1; i < chain.Length; i++)
            chain[i] = i == gateAt ? HardeningTestApps.GatedLinkAsync(chain[i - 1], gate!) : HardeningTestApps.LinkAsync(chain[i - 1]);
        return chain;
    }

    private static async Task WaitForAllAsync(IEnumerable<AppFuture> futures) =>
        await Task.WhenAll(futures.Select(CompletionOf)).WaitAsync(s_hangGuard);

    /// <summary>Completes when the future does, whatever its outcome. A link of a chain completes only after every link before it, or after the link it failed with.</summary>
    private static Task CompletionOf(AppFuture future) => future.AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);

    [Fact]
    public async Task A_cached_result_of_NaN_or_infinity_is_checkpointed_and_read_back()
    {
        var config = Config(new ThreadPoolExecutor("local", 2)) with { Checkpoint = CheckpointMode.TaskExit, SerializerContexts = [StatsJsonContext.Default] };
        string log;
        await using (var kernel = await DataFlowKernel.LoadAsync(config))
        {
            Assert.True(double.IsNaN(await HardeningTestApps.NonFiniteAsync("nan")));
            Assert.Equal(double.PositiveInfinity, await HardeningTestApps.NonFiniteAsync("+inf"));
            Assert.Equal(double.NegativeInfinity, await HardeningTestApps.NonFiniteAsync("-inf"));
            // A context of the user's own refuses NaN: the result is still delivered, and the log says why it was not kept.
            Assert.True(double.IsNaN((await HardeningTestApps.SummarizeAsync("nan")).Mean));
            log = Path.Combine(kernel.RunDirectory, "parsl.log");
        }
        Assert.Contains("could not be checkpointed and was delivered without it", File.ReadAllText(log));

        await using (var kernel = await DataFlowKernel.LoadAsync(config with { CheckpointFiles = Checkpoints.Latest(Runs) }))
        {
            var nan = HardeningTestApps.NonFiniteAsync("nan");
            var infinity = HardeningTestApps.NonFiniteAsync("-inf");
            Assert.True(double.IsNaN(await nan));
            Assert.Equal(double.NegativeInfinity, await infinity);
            Assert.True(nan.FromCache && infinity.FromCache);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_million_task_chain_whose_head_fails_fails_every_link(bool inline)
    {
        using var release = new ManualResetEventSlim(false);
        await using var kernel = await DataFlowKernel.LoadAsync(ChainConfig(inline));
        var chain = Chain(HardeningTestApps.HeadAsync(release, fail: true));

        release.Set();

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await chain[^1].AsTask().WaitAsync(s_hangGuard));
        Assert.Same(chain[0], Assert.Single(error.RootCauses));
        Assert.Equal(TaskState.Failed, chain[0].State);
        Assert.All(chain.Skip(1), link => Assert.Equal(TaskState.DependencyFailed, link.State));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_the_middle_of_a_million_task_chain_skips_everything_after_it(bool inline)
    {
        using var release = new ManualResetEventSlim(false);
        await using var kernel = await DataFlowKernel.LoadAsync(ChainConfig(inline));
        var chain = Chain(HardeningTestApps.HeadAsync(release, fail: false));

        Assert.True(chain[ChainLength / 2].Cancel());
        release.Set();
        await Task.WhenAll(CompletionOf(chain[ChainLength / 2 - 1]), CompletionOf(chain[^1])).WaitAsync(s_hangGuard);

        Assert.All(chain.Take(ChainLength / 2), link => Assert.Equal(TaskState.Done, link.State));
        Assert.Equal(TaskState.Cancelled, chain[ChainLength / 2].State);
        Assert.All(chain.Skip(ChainLength / 2 + 1), link => Assert.Equal(TaskState.DependencyFailed, link.State));
        Assert.Equal(ChainLength / 2 - 1, await chain[ChainLength / 2 - 1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_the_run_during_a_million_task_chain_ends_every_link(bool inline)
    {
        using var release = new ManualResetEventSlim(false);
        using var gate = new ManualResetEventSlim(false);
        await using var kernel = await DataFlowKernel.LoadAsync(ChainConfig(inline));
        // Held at link 1001 while the run is cancelled: a fast machine must not finish the whole chain first.
        var chain = Chain(HardeningTestApps.HeadAsync(release, fail: false), gateAt: 1001, gate);

        release.Set();
        await Poll.UntilAsync(() => chain[1001].State == TaskState.Running, s_hangGuard, "the chain to reach its gate at link 1001");
        kernel.Cancel();
        gate.Set();
        await CompletionOf(chain[^1]).WaitAsync(s_hangGuard);

        var done = chain.TakeWhile(link => link.State == TaskState.Done).Count();
        Assert.InRange(done, 1001, ChainLength - 1);
        Assert.Equal(TaskState.Cancelled, chain[done].State);
        Assert.All(chain.Skip(done + 1), link => Assert.Equal(TaskState.DependencyFailed, link.State));
    }

    [Fact]
    public async Task One_config_object_loads_disposes_and_loads_again()
    {
        var config = Config(new ThreadPoolExecutor("local", 2));
        for (var run = 0; run < 3; run++)
        {
            await using var kernel = await DataFlowKernel.LoadAsync(config);
            var sum = TestApps.AddAsync(run, 10);
            Assert.Equal(run + 10, await sum.AsTask().WaitAsync(s_hangGuard));
        }
    }

    [Fact]
    public async Task A_join_app_that_starts_during_disposal_is_waited_for()
    {
        using var release = new ManualResetEventSlim(false);
        var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)));
        var joined = HardeningTestApps.AddOneLaterAsync(TestApps.BlockUntilAsync(release));

        var disposal = kernel.DisposeAsync().AsTask();
        release.Set();
        await disposal.WaitAsync(s_hangGuard);

        Assert.Equal(TaskState.Done, joined.State);
        Assert.Equal(2, joined.Result());
    }

    [Fact]
    public async Task A_body_that_ends_right_at_its_walltime_neither_crashes_nor_hangs()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)));

        var calls = Enumerable.Range(0, 10_000).Select(_ => HardeningTestApps.AtTheWireAsync()).ToArray();
        await WaitForAllAsync(calls);

        Assert.All(calls, call => Assert.True(
            call.State == TaskState.Done || call.Exception is AppWalltimeExceededException { Abandoned: false },
            $"{call}: {call.Exception}"));
    }

    [Fact]
    public void Registering_two_apps_with_one_id_is_an_error_that_names_both()
    {
        var first = new CodeAppDefinition<NoArguments, ValueTuple, int>(
            new() { Id = "Parsl.Tests.Twins.App", ReturnTypeName = "int", SourceFile = "/src/First.cs", SourceLine = 3 }, static _ => default, static (_, _) => 1);
        var second = new CodeAppDefinition<NoArguments, ValueTuple, int>(
            new() { Id = "Parsl.Tests.Twins.App", ReturnTypeName = "int", SourceFile = "/src/Second.cs", SourceLine = 7 }, static _ => default, static (_, _) => 2);
        AppRegistry.Register(first);
        AppRegistry.Register(first); // the same definition again is harmless

        var error = Assert.Throws<InvalidOperationException>(() => AppRegistry.Register(second));

        Assert.Contains("Two apps have the id Parsl.Tests.Twins.App", error.Message);
        Assert.Contains("First.cs:3", error.Message);
        Assert.Contains("Second.cs:7", error.Message);
        Assert.Same(first, AppRegistry.FindDefinition("Parsl.Tests.Twins.App"));
    }

    [Fact]
    public async Task Cancelling_one_call_of_a_cached_app_leaves_the_identical_calls_merged_into_it()
    {
        using var gate = new ManualResetEventSlim(false);
        await using var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)));
        var owner = CacheTestApps.SlowSquareAsync(7, gate);
        var merged = CacheTestApps.SlowSquareAsync(7, gate);
        Assert.True(merged.FromCache);

        Assert.True(owner.Cancel());
        gate.Set();

        Assert.Equal(49, await merged.AsTask().WaitAsync(s_hangGuard));
        Assert.Equal(TaskState.Cancelled, owner.State);
        Assert.False(merged.FromCache); // it ran the app itself
    }

    [Fact]
    public async Task Awaiting_a_failed_future_again_does_not_grow_its_stack_trace()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)));
        var failed = TestApps.FailAsync("boom");
        var traces = new List<string>();

        for (var i = 0; i < 20; i++)
            traces.Add((await Assert.ThrowsAsync<InvalidOperationException>(async () => await failed)).StackTrace!);

        Assert.Single(traces.Distinct());
    }

    [Fact]
    public async Task A_future_of_a_list_is_accepted_where_a_list_is_expected()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)));

        Assert.Equal(3, await TestApps.CountAsync(HardeningTestApps.NamesAsync(3)));
    }

    [Fact]
    public async Task A_task_with_fifty_thousand_failed_inputs_gets_its_report_at_once()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)));
        var failed = Enumerable.Range(0, 50_000).Select(i => TestApps.FailAsync("f" + i)).ToArray();

        var total = HardeningTestApps.TotalAsync(failed);

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await total.AsTask().WaitAsync(s_hangGuard));
        Assert.Equal(50_000, error.FailedInputs.Count);
        Assert.All(error.FailedInputs, input => Assert.Equal("values", input.ParameterName));
        Assert.Contains("50000 inputs failed", error.Message);
    }

    [Fact]
    public async Task Memo_keys_of_dependents_are_not_written_on_the_checkpoint_writers_thread()
    {
        ThreadProbe.KeyThreads.Clear();
        using var gate = new ManualResetEventSlim(false);
        await using var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2)) with { Checkpoint = CheckpointMode.TaskExit });
        var square = CacheTestApps.SlowSquareAsync(3, gate);
        var keyed = HardeningTestApps.KeyedAsync(square, new ThreadProbe(1));

        gate.Set();

        Assert.Equal(10, await keyed.AsTask().WaitAsync(s_hangGuard));
        Assert.NotEmpty(ThreadProbe.KeyThreads);
        Assert.DoesNotContain("parsl-checkpoint", ThreadProbe.KeyThreads);
    }
}
