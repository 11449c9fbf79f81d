using System.Diagnostics.Metrics;
using Parsl.Executors;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>The pilot-job executor with real worker processes on this machine (local provider, loopback sockets).</summary>
public sealed class HighThroughputExecutorTests : KernelTest
{
    internal static HighThroughputExecutor Htex(int blocks = 1, int workers = 2, int prefetch = 0) => new("htex")
    {
        Scaling = new BlockScaling { InitBlocks = blocks, MinBlocks = 0, MaxBlocks = blocks },
        MaxWorkersPerNode = workers,
        Prefetch = prefetch,
        HeartbeatPeriod = TestTimings.HeartbeatPeriod,
        HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        ScalingInterval = TimeSpan.FromMilliseconds(200),
    };

    protected override IReadOnlyList<IExecutor> Executors => [Htex(blocks: 2)];

    [Fact]
    public async Task Results_come_back_from_worker_processes_of_two_blocks()
    {
        var squares = Enumerable.Range(0, 200).Select(i => HtexApps.SquareAsync(i)).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * i), await Task.WhenAll(squares.Select(f => f.AsTask())));

        // Noop tries can all finish on the first worker that registers; tries that hold their worker must spread.
        await Poll.UntilAsync(() => WorkerProcesses.Workers(WorkerProcesses.Managers(Kernel.RunDirectory)).Count == 4, "both blocks' workers to start");
        var pids = Enumerable.Range(0, 50).Select(_ => HtexApps.WorkerPidAsync(20)).ToList();
        var workers = (await Task.WhenAll(pids.Select(f => f.AsTask()))).Distinct().ToList();
        Assert.DoesNotContain(Environment.ProcessId, workers);
        Assert.True(workers.Count >= 2, $"expected tries on several workers, saw {workers.Count}");
    }

    [Fact]
    public async Task Records_with_arrays_dictionaries_and_nesting_travel_both_ways()
    {
        var input = new Measurement("m", [1.5, double.NaN, 2], new() { ["a"] = 1 }, new Measurement("old", [], new(), null));

        var result = await HtexApps.SummarizeAsync(input, "!");

        Assert.Equal("m!", result.Name);
        Assert.Equal([double.NaN, 1.5, double.NaN, 2], result.Values);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["count"] = 3 }, result.Tags);
        Assert.Equal("old", result.Previous!.Name);
    }

    [Fact]
    public async Task An_app_exception_arrives_as_its_own_type_with_its_message_and_the_workers_stack_trace()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.FailAsync("no such protein").AsTask());

        Assert.Equal("no such protein", failure.Message);
        Assert.Contains("HtexApps.Fail", failure.StackTrace);
    }

    [Fact]
    public async Task Exceptions_keep_their_types_so_catch_clauses_match_as_on_threads()
    {
        await Assert.ThrowsAsync<DivideByZeroException>(() => HtexApps.DivideAsync(1, 0).AsTask());
        var argument = await Assert.ThrowsAsync<ArgumentException>(() => HtexApps.RejectArgumentAsync("radius").AsTask());
        Assert.Equal("the radius must be positive (Parameter 'radius')", argument.Message);
        var own = await Assert.ThrowsAsync<ProteinNotFoundException>(() => HtexApps.FailWithOwnTypeAsync("1abc").AsTask());
        Assert.Equal("no structure for protein 1abc", own.Message);
    }

    [Fact]
    public async Task Inner_exceptions_come_back_too()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.FailWithCauseAsync("x1").AsTask());

        Assert.Equal("could not read the ligand file", failure.Message);
        var inner = Assert.IsType<FormatException>(failure.InnerException);
        Assert.Equal("'x1' is not a number", inner.Message);
    }

    [Fact]
    public async Task A_type_that_cannot_be_made_from_its_message_arrives_as_RemoteAppException_naming_it()
    {
        var failure = await Assert.ThrowsAsync<RemoteAppException>(() => HtexApps.FailWithUnmakeableTypeAsync(42).AsTask());

        Assert.Equal("failure code 42", failure.Message);
        Assert.Equal(typeof(CodedFailureException).FullName, failure.RemoteType);
        Assert.Contains("HtexApps.FailWithUnmakeableType", failure.RemoteStackTrace);
    }

    [Fact]
    public async Task An_exception_whose_text_throws_fails_its_task_saying_so_and_its_worker_lives_on()
    {
        var worker = await HtexApps.WorkerPidAsync(0);

        var failure = await Assert.ThrowsAsync<RemoteAppException>(() => HtexApps.FailUnreadablyAsync(7).AsTask());

        // The worker used to die reading the text: the task was lost (and retried) until it failed as a lost worker.
        Assert.Equal(typeof(UnreadableFailureException).FullName, failure.RemoteType);
        Assert.Equal($"({typeof(UnreadableFailureException).FullName}'s Message threw System.InvalidOperationException)", failure.Message);
        Assert.Contains(worker, await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => HtexApps.WorkerPidAsync(20).AsTask())));
    }

    [Fact]
    public async Task A_result_that_cannot_be_encoded_fails_its_task_saying_so()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.MakeUnencodableAsync(1).AsTask());

        Assert.StartsWith($"Task 1 ({typeof(HtexApps).FullName}.MakeUnencodable) returned a {nameof(Unencodable)} that its worker could not encode to send back " +
            "(InvalidOperationException: read in the workflow only)", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(100_000)]
    public async Task A_dependency_chain_runs_hop_by_hop_on_workers(int length)
    {
        var value = HtexApps.IncrementAsync(0);
        for (var i = 1; i < length; i++)
            value = HtexApps.IncrementAsync(value);

        Assert.Equal(length, await value);
    }

    [Fact]
    public async Task A_join_app_runs_in_the_workflow_and_its_inner_apps_on_workers() =>
        Assert.Equal(50, await HtexApps.SquareThenIncrementAsync(7));

    [Fact]
    public async Task Bash_apps_run_on_workers()
    {
        var path = ScratchFile("echo.txt");

        var result = await HtexApps.EchoAsync("docked", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("docked\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_bash_apps_command_holds_none_of_its_workers_pipes()
    {
        var path = ScratchFile("pipes.txt");

        var result = await HtexApps.OpenPipesAsync(path);

        Assert.Equal(0, result.ExitCode);
        var listing = File.ReadAllLines(path);
        Assert.Contains(listing, line => line.Contains(" 0 -> ", StringComparison.Ordinal)); // the listing is what it claims to be
        var inherited = listing.Where(line => line.Contains("-> pipe:", StringComparison.Ordinal))
            .Select(line => int.Parse(line[..line.IndexOf(" -> ", StringComparison.Ordinal)].Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture))
            .Where(descriptor => descriptor > 2);
        Assert.True(!inherited.Any(), string.Join("\n", listing));
    }

    [Theory]
    [InlineData("SSL_CERT_FILE")]
    [InlineData("SSL_CERT_DIR")]
    public async Task Workers_see_the_certificate_store_settings_of_the_workflow_not_the_managers(string name)
    {
        // The manager points these at nothing for itself (it trusts the interchange by fingerprint); apps must not notice.
        Assert.Equal(Environment.GetEnvironmentVariable(name) ?? "(unset)", await HtexApps.VariableAsync(name));
    }

    [Fact]
    public async Task Apps_and_worker_init_find_the_programs_directory_in_PARSL_PROGRAM_DIR() =>
        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), await HtexApps.VariableAsync("PARSL_PROGRAM_DIR"));

    [Fact]
    public async Task Workers_know_their_rank_count_pool_and_block_under_Parsls_names()
    {
        await Poll.UntilAsync(() => WorkerProcesses.Workers(WorkerProcesses.Managers(Kernel.RunDirectory)).Count == 4, "both blocks' workers to start");
        var seen = new HashSet<(string Rank, string Count, string Pool, string Block)>();
        for (var round = 0; round < 20 && seen.Count < 4; round++)
        {
            var calls = Enumerable.Range(0, 8).Select(_ => HtexApps.WorkerIdentityAsync(30)).ToList();
            foreach (var identity in await Task.WhenAll(calls.Select(c => c.AsTask())))
                seen.Add(identity);
        }

        Assert.All(seen, s => Assert.Equal("2", s.Count));
        Assert.Equal(["0", "1"], seen.Select(s => s.Rank).Distinct().Order());
        Assert.Equal(["0", "1"], seen.Select(s => s.Block).Distinct().Order());
        Assert.Equal(2, seen.Select(s => s.Pool).Distinct().Count()); // one pool per manager
        Assert.All(seen, s => Assert.Matches(@"^.+-\d+$", s.Pool));
    }

    [Fact]
    public async Task A_code_app_past_its_walltime_is_stopped_by_killing_its_worker_and_the_worker_is_replaced()
    {
        var failure = await Assert.ThrowsAsync<AppWalltimeExceededException>(() => HtexApps.StubbornAsync(30).AsTask());

        Assert.Contains("0.5", failure.Message);
        Assert.Equal(49, await HtexApps.SquareAsync(7)); // the replacement takes work
    }

    [Fact]
    public async Task A_bash_app_past_its_walltime_fails_with_the_walltime_error()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => HtexApps.SleepTooLongAsync(30).AsTask());

        Assert.True(failure is AppWalltimeExceededException or BashWalltimeExceededException, failure.ToString());
    }

    [Fact]
    public async Task A_task_that_killed_its_worker_runs_again_on_another()
    {
        var marker = ScratchFile("crashed-once");

        Assert.Equal(42, await HtexApps.CrashOnceAsync(marker, 42));
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task A_task_that_keeps_killing_its_workers_fails_saying_so()
    {
        var failure = await Assert.ThrowsAsync<WorkerLostException>(() => HtexApps.AlwaysCrashAsync(1).AsTask());

        Assert.Contains("WorkerLossRetries", failure.Message);
        Assert.Contains("a worker died 3 times", failure.Message);
    }

    [Fact]
    public async Task An_app_whose_types_cannot_travel_fails_at_submission_naming_the_parameter_and_type()
    {
        using var gate = new ManualResetEventSlim(true);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApps.BlockUntilAsync(gate).AsTask());

        Assert.Contains("App Parsl.Tests.TestApps.BlockUntil cannot run on executor 'htex'", failure.Message);
        Assert.Contains("its parameter 'gate' has type System.Threading.ManualResetEventSlim, which is a live object (a lock, a connection, a process, a concurrent collection), not data", failure.Message);
        Assert.Contains("Pin the app to a thread executor", failure.Message);
    }

    [Fact]
    public async Task Managers_workers_and_tasks_show_on_the_executor_meter()
    {
        var measured = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Parsl.HighThroughputExecutor")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => HtexApps.SquareAsync(i).AsTask()));
        listener.RecordObservableInstruments();

        Assert.True(measured.GetValueOrDefault("parsl.htex.tasks.dispatched") >= 20, string.Join(", ", measured));
        Assert.True(measured.GetValueOrDefault("parsl.htex.tasks.completed") >= 20, string.Join(", ", measured));
        Assert.Contains("parsl.htex.tasks.outstanding", measured.Keys);
    }
}
