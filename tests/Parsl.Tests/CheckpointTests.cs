using Parsl.Checkpointing;
using Parsl.Executors;

namespace Parsl.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-checkpoint-").FullName;

    public CheckpointTests() => CacheTestApps.Executions.Clear();

    private string Runs => Path.Combine(_scratch, "runinfo");

    private ParslConfig Config(CheckpointMode mode, IReadOnlyList<string>? load = null) => new()
    {
        Executors = [new ThreadPoolExecutor("local", 2)],
        RunDirectory = Runs,
        ExitOnCtrlC = false,
        Checkpoint = mode,
        CheckpointFiles = load ?? [],
    };

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static async Task<int[]> SquaresAsync(int n) =>
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => CacheTestApps.SquareAsync(i).AsTask()));

    [Fact]
    public async Task A_later_run_loading_the_latest_checkpoint_runs_nothing_again()
    {
        int[] first;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
            first = await SquaresAsync(20);
        Assert.Equal(20, CacheTestApps.ExecutionsOf("Square"));

        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit, Checkpoints.Latest(Runs))))
        {
            var futures = Enumerable.Range(0, 20).Select(i => CacheTestApps.SquareAsync(i)).ToArray();
            Assert.Equal(first, await Task.WhenAll(futures.Select(f => f.AsTask())));
            Assert.All(futures, f => Assert.True(f.FromCache));
            Assert.Equal(20, kernel.Counts.FromCache);
        }
        Assert.Equal(20, CacheTestApps.ExecutionsOf("Square"));

        // The second run carried the loaded results into its own checkpoint: a third run needs only the latest.
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.None, Checkpoints.Latest(Runs))))
            Assert.Equal(first, await SquaresAsync(20));
        Assert.Equal(20, CacheTestApps.ExecutionsOf("Square"));
    }

    [Fact]
    public async Task A_config_file_resumes_from_the_last_run_with_checkpoint_files_latest_and_a_run_without_them_says_how()
    {
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
            await SquaresAsync(6);
        var file = Path.Combine(_scratch, "resume.yaml");
        await File.WriteAllTextAsync(file, $"""
            executors:
              - type: threads
                max_threads: 2
            run_directory: {Runs}
            exit_on_ctrl_c: false
            checkpoint: task_exit
            checkpoint_files: latest
            """);

        var resumed = ParslConfig.FromYaml(file);
        Assert.Equal([Path.Combine(Runs, "000", "checkpoint", CheckpointFormat.FileName)], resumed.CheckpointFiles);
        await using (var kernel = await DataFlowKernel.LoadAsync(resumed))
            Assert.Equal(6, (await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CacheTestApps.SquareAsync(i).AsTask()))).Length);
        Assert.Equal(6, CacheTestApps.ExecutionsOf("Square"));

        // Checkpointing without CheckpointFiles writes but loads nothing: the log says so, and how to resume.
        string log;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
            log = Path.Combine(kernel.RunDirectory, "parsl.log");
        Assert.Contains("CheckpointFiles is empty, so none is loaded and every task runs. To resume, set CheckpointFiles = Checkpoints.Latest() (in YAML, checkpoint_files: latest)",
            await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task Editing_a_cached_apps_arguments_reruns_only_what_changed()
    {
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
            await SquaresAsync(5);
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit, Checkpoints.Latest(Runs))))
            await SquaresAsync(8);

        Assert.Equal(8, CacheTestApps.ExecutionsOf("Square"));
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("truncate")]
    public async Task A_damaged_checkpoint_gives_a_warning_and_reruns_only_the_damaged_tasks(string damage)
    {
        string checkpoint;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
        {
            await SquaresAsync(10);
            checkpoint = kernel.CheckpointPath!;
        }
        var bytes = File.ReadAllBytes(checkpoint);
        if (damage == "corrupt")
            bytes[bytes.Length / 2] ^= 0xFF;
        else
            Array.Resize(ref bytes, bytes.Length - 5);
        File.WriteAllBytes(checkpoint, bytes);

        string log;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit, [checkpoint])))
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => i * i), await SquaresAsync(10));
            log = Path.Combine(kernel.RunDirectory, "parsl.log");
        }

        Assert.Equal(11, CacheTestApps.ExecutionsOf("Square"));
        var warning = Assert.Single(File.ReadAllLines(log), line => line.Contains("Checkpoint damaged", StringComparison.Ordinal));
        Assert.Contains(damage == "corrupt" ? "corrupted record" : "truncated record", warning);
        Assert.Contains("the affected tasks will run again", warning);
    }

    [Fact]
    public async Task A_cached_failure_is_carried_to_the_next_run_as_a_cached_failure_exception()
    {
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
            await Assert.ThrowsAsync<ArgumentException>(async () => await CacheTestApps.AlwaysFailsAsync("y"));

        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit, Checkpoints.Latest(Runs))))
        {
            var error = await Assert.ThrowsAsync<CachedFailureException>(async () => await CacheTestApps.AlwaysFailsAsync("y"));
            Assert.Equal("System.ArgumentException", error.ExceptionType);
            Assert.Equal("y is not a valid input", error.OriginalMessage);
            Assert.Contains("failed with this key in an earlier run", error.Message);
        }
        Assert.Equal(1, CacheTestApps.ExecutionsOf("AlwaysFails:y"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_checkpoint_is_ignored_with_a_warning()
    {
        var bogus = Path.Combine(_scratch, "bogus.ckpt");
        File.WriteAllText(bogus, "not a checkpoint");

        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.None, [bogus])))
            Assert.Equal(4, await CacheTestApps.SquareAsync(2));

        Assert.Equal(1, CacheTestApps.ExecutionsOf("Square"));
    }

    [Fact]
    public async Task Workflow_exit_mode_writes_everything_when_the_kernel_is_disposed()
    {
        string checkpoint;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.WorkflowExit)))
        {
            await SquaresAsync(5);
            checkpoint = kernel.CheckpointPath!;
            Assert.Equal(8, new FileInfo(checkpoint).Length); // only the header so far
        }

        Assert.Equal(5, ReadRecords(checkpoint));
    }

    [Fact]
    public async Task Manual_mode_writes_when_asked_and_only_then()
    {
        string checkpoint;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.Manual)))
        {
            await SquaresAsync(3);
            checkpoint = kernel.CheckpointPath!;
            Assert.Equal(3, kernel.Checkpoint());
            await CacheTestApps.SquareAsync(100);
        }

        Assert.Equal(3, ReadRecords(checkpoint));
    }

    [Fact]
    public async Task Periodic_mode_writes_on_its_interval()
    {
        await using var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.Periodic(TimeSpan.FromMilliseconds(100))));
        await SquaresAsync(4);

        await Poll.UntilAsync(() => ReadRecords(kernel.CheckpointPath!) == 4, "the periodic write");
    }

    [Fact]
    public async Task Results_without_json_type_information_stay_memoized_but_are_not_checkpointed()
    {
        string log, checkpoint;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
        {
            await CacheTestApps.UnserializableAsync(1);
            await CacheTestApps.UnserializableAsync(1);
            Assert.Equal(new long[] { 0, 1, 2 }, await CacheTestApps.RangeAsync(3));
            log = Path.Combine(kernel.RunDirectory, "parsl.log");
            checkpoint = kernel.CheckpointPath!;
        }

        Assert.Equal(1, CacheTestApps.ExecutionsOf("Unserializable"));
        Assert.Equal(1, ReadRecords(checkpoint));
        Assert.Contains(File.ReadAllLines(log), line => line.Contains("Results of Parsl.Tests.CacheTestApps.Unserializable (Sample) are memoized but not checkpointed", StringComparison.Ordinal));
    }

    private static int ReadRecords(string checkpoint)
    {
        var copy = Path.GetTempFileName();
        try
        {
            using (var source = new FileStream(checkpoint, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var target = File.Create(copy))
                source.CopyTo(target);
            var problems = new List<string>();
            var count = CheckpointFormat.Read(copy, problems).Count;
            Assert.Empty(problems);
            return count;
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
