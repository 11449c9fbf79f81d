using System.Diagnostics;
using Parsl.Executors;

namespace Parsl.Tests;

public sealed class KernelLifecycleTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-lifecycle-").FullName;

    private ParslConfig Config(int threads = 2) => new()
    {
        Executors = [new ThreadPoolExecutor("local", threads)],
        RunDirectory = Path.Combine(_scratch, "runinfo"),
        ExitOnCtrlC = false,
    };

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Calling_an_app_without_a_loaded_kernel_says_how_to_load_one()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestApps.AddAsync(1, 2));

        Assert.Contains("No DataFlowKernel is loaded", error.Message);
        Assert.Contains("DataFlowKernel.LoadAsync", error.Message);
    }

    [Fact]
    public async Task Loading_a_second_kernel_while_one_is_loaded_is_refused()
    {
        await using var first = await DataFlowKernel.LoadAsync(Config());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await DataFlowKernel.LoadAsync(Config()));
        Assert.Contains("already loaded", error.Message);
    }

    [Fact]
    public async Task A_disposal_that_throws_part_way_still_lets_the_next_kernel_load()
    {
        // The failure report's write is the last step that can throw something other than an I/O error.
        var stderr = Console.Error;
        var kernel = await DataFlowKernel.LoadAsync(Config() with { Retries = 0, PrintFailureReport = true });
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestApps.FailAsync("planned").AsTask());
        Console.SetError(new UnwritableWriter());
        try
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kernel.DisposeAsync());
        }
        finally
        {
            Console.SetError(stderr);
        }

        await using var next = await DataFlowKernel.LoadAsync(Config());
        Assert.Equal(3, await TestApps.AddAsync(1, 2));
    }

    /// <summary>stderr as a host that closed it leaves it: every write throws.</summary>
    private sealed class UnwritableWriter : StringWriter
    {
        public override void WriteLine(string? value) => throw new ObjectDisposedException("stderr");
    }

    [Fact]
    public async Task Each_run_gets_a_numbered_directory_with_its_log_and_no_per_task_lines()
    {
        string firstRun;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config()))
        {
            firstRun = kernel.RunDirectory;
            var futures = Enumerable.Range(0, 100).Select(i => TestApps.AddAsync(i, 1)).ToArray();
            await Task.WhenAll(futures.Select(f => f.AsTask()));
        }
        await using (var kernel = await DataFlowKernel.LoadAsync(Config()))
            Assert.Equal(Path.Combine(_scratch, "runinfo", "001"), kernel.RunDirectory);

        Assert.Equal(Path.Combine(_scratch, "runinfo", "000"), firstRun);
        var log = File.ReadAllLines(Path.Combine(firstRun, "parsl.log"));
        Assert.Contains(log, line => line.Contains($"Parsl {DataFlowKernel.Version}: run started", StringComparison.Ordinal));
        Assert.Equal(typeof(AppFuture).Assembly.GetName().Version!.ToString(3), DataFlowKernel.Version);
        Assert.Contains(log, line => line.Contains("Run finished", StringComparison.Ordinal) && line.Contains("100 tasks: 100 done (0 from cache)", StringComparison.Ordinal));
        Assert.True(log.Length < 10, $"expected a handful of lines, got {log.Length}");
    }

    [Fact]
    public async Task At_debug_level_the_log_follows_a_task_through_every_state_it_passes()
    {
        string log;
        long taskId;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config() with { LogLevel = Microsoft.Extensions.Logging.LogLevel.Debug, Retries = 1 }))
        {
            var flaky = RetryTestApps.FlakyWithConfigRetriesAsync("debug-log", failures: 1);
            Assert.Equal("ok", await flaky);
            taskId = flaky.TaskId;
            log = Path.Combine(kernel.RunDirectory, "parsl.log");
        }

        var lines = File.ReadAllLines(log).Where(l => l.Contains($"Task {taskId} (Parsl.Tests.RetryTestApps.FlakyWithConfigRetries)", StringComparison.Ordinal)).ToList();
        string[] expected =
        [
            "submitted at KernelLifecycleTests.cs:", "try 1 launched on local", "try 1 running",
            "try 1 failed (IOException: debug-log attempt 1 failed); next try in 00:00:00", "try 2 launched on local", "try 2 running", "Done",
        ];
        Assert.True(lines.Count == expected.Length && lines.Zip(expected).All(p => p.First.Contains(p.Second, StringComparison.Ordinal)),
            "expected the task's transitions in order:\n" + string.Join("\n", lines));
    }

    [Fact]
    public async Task A_plain_file_named_like_a_run_number_takes_that_number_too()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "runinfo"));
        File.WriteAllText(Path.Combine(_scratch, "runinfo", "000"), "notes");
        File.WriteAllText(Path.Combine(_scratch, "runinfo", "002"), "more notes");

        await using var kernel = await DataFlowKernel.LoadAsync(Config());

        Assert.Equal(Path.Combine(_scratch, "runinfo", "003"), kernel.RunDirectory);
        Assert.Equal("notes", File.ReadAllText(Path.Combine(_scratch, "runinfo", "000")));
    }

    [Fact]
    public async Task A_run_directory_that_is_a_file_is_refused_saying_so()
    {
        var file = Path.Combine(_scratch, "runinfo");
        File.WriteAllText(file, "not a folder");

        var refused = await Assert.ThrowsAsync<IOException>(() => DataFlowKernel.LoadAsync(Config()).AsTask());

        Assert.Equal($"The run directory {file} cannot hold this run: it is a file, not a folder. Set ParslConfig.RunDirectory (YAML run_directory) " +
            "to a folder you can write, on a file system with space.", refused.Message);
    }

    [Fact]
    public async Task A_run_directory_where_no_folder_can_be_made_is_refused_at_once_not_tried_number_after_number()
    {
        // /proc exists, and mkdir under it fails (ENOENT) at every number, as on a read-only or full file system or
        // past a quota: the load used to try 000, 001, … for ever.
        var refused = await Assert.ThrowsAsync<IOException>(() =>
            Task.Run(() => DataFlowKernel.LoadAsync(Config() with { RunDirectory = "/proc" }).AsTask()).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.StartsWith("The run directory /proc cannot hold this run: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_waits_for_running_tasks()
    {
        AppFuture<int> slow;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config()))
            slow = TestApps.SlowIdentityAsync(7, 300, "slow");

        Assert.Equal(TaskState.Done, slow.State);
        Assert.Equal(7, slow.Result());
    }

    [Fact]
    public async Task Disposing_does_not_hang_on_failed_tasks_or_their_dependents()
    {
        var clock = Stopwatch.StartNew();
        AppFuture<int> dependent;
        await using (var kernel = await DataFlowKernel.LoadAsync(Config()))
        {
            var failed = TestApps.FailAsync("bad");
            dependent = TestApps.IncrementAsync(TestApps.IncrementAsync(failed));
        }

        Assert.Equal(TaskState.DependencyFailed, dependent.State);
        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Shutdown_with_cancellation_kills_running_bash_apps_and_cancels_pending_ones()
    {
        var kernel = await DataFlowKernel.LoadAsync(Config(threads: 1));
        var running = BashTestApps.SleepAsync(60);
        var queued = BashTestApps.SleepAsync(60);
        var dependent = TestApps.IncrementAsync(TestApps.AddAsync(1, 1));
        var waitingOnRunning = BashTestApps.CopyAsync(running, Path.Combine(_scratch, "never.txt"));
        await Poll.UntilAsync(() => running.State == TaskState.Running, "the first sleep to start");
        var clock = Stopwatch.StartNew();

        await kernel.ShutdownAsync(cancelOutstanding: true);

        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)), $"shutdown took {clock.Elapsed}");
        Assert.Equal(TaskState.Cancelled, running.State);
        Assert.Equal(TaskState.Cancelled, queued.State);
        Assert.True(dependent.IsCompleted);
        Assert.True(waitingOnRunning.IsCompleted);
    }
}
