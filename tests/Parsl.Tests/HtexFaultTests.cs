using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NetMQ;
using Parsl.Executors;
using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>
/// The pilot-job executor under faults, with real processes: workers and managers killed with SIGKILL, peers without the
/// secret, garbage on the socket, blocks scaling out and in, the interchange failing, and the process table after shutdown.
/// </summary>
public sealed class HtexFaultTests : HtexRunTest
{
    [Fact]
    public async Task Killing_random_workers_every_200_ms_loses_no_task_and_delivers_each_result_once()
    {
        var kernel = await LoadAsync(Htex(blocks: 2, workers: 2, prefetch: 2, lossRetries: 50));
        var futures = Enumerable.Range(0, 2000).Select(i => HtexApps.PauseAsync(3, i)).ToList();
        var all = Task.WhenAll(futures.Select(f => f.AsTask()));
        var kills = await KillWorkersUntilAsync(all, TimeSpan.FromMilliseconds(200), seed: 7);

        Assert.Equal(Enumerable.Range(0, 2000), await all);
        Assert.True(kills >= 3, $"only {kills} workers were killed; the test needs the run to outlast several kills");
        Assert.All(futures, f => Assert.Equal(TaskState.Done, f.State));
        Assert.All(futures, f => Assert.Equal(1, f.Record.Tries)); // re-runs after a lost worker are the same try, not retries
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_bash_apps_command_is_stopped_when_its_worker_is_killed_and_only_its_re_run_goes_on()
    {
        await LoadAsync(Htex(blocks: 1, workers: 1));
        var folder = Directory.CreateTempSubdirectory("parsl-killed-worker-").FullName;
        try
        {
            var (marker, pidFile, output) = (Path.Combine(folder, "marker"), Path.Combine(folder, "pid"), Path.Combine(folder, "output"));
            var future = HtexApps.SleepOnceAsync(marker, pidFile, output);
            await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the first run to sleep");
            var command = int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture);

            ChildProcess.Signal(ChildProcess.Parent(command), ChildProcess.SigKill);

            // The try runs again on a new worker, and the first run's command does not go on beside it.
            await future.AsTask().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal("again", File.ReadAllText(output).Trim());
            await Poll.UntilAsync(() => ChildProcess.HasEnded(command), TestTimings.Scaled(TimeSpan.FromSeconds(30)),
                $"the killed worker's command (pid {command}) to be stopped");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_manager_killed_with_sigkill_is_noticed_within_the_heartbeat_threshold_and_its_tasks_run_elsewhere()
    {
        var kernel = await LoadAsync(Htex(blocks: 2, workers: 1));
        await Poll.UntilAsync(() => WorkerProcesses.Managers(RunDirectory).Count == 2, "both managers to start");
        var futures = Enumerable.Range(0, 8).Select(i => HtexApps.PauseAsync(500, i)).ToList();
        await Poll.UntilAsync(() => futures.Count(f => f.State == TaskState.Running) == 2, "a task to run on each block");
        var victim = WorkerProcesses.Managers(RunDirectory)[0];
        var orphans = WorkerProcesses.Workers([victim]);

        Process.GetProcessById(victim).Kill();
        var clock = Stopwatch.StartNew();

        Assert.Equal(Enumerable.Range(0, 8), await AllAsync(futures, TimeSpan.FromMinutes(2)));
        // A closed connection is noticed at once; the heartbeat is only the fallback, so the run must not have waited for it.
        Assert.True(clock.Elapsed < TestTimings.HeartbeatThreshold, $"took {clock.Elapsed}");
        // Its workers died with it (parent-death signal): nothing of the block lingers.
        await Poll.UntilAsync(() => orphans.All(pid => !File.Exists($"/proc/{pid}/cmdline") || File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ")),
            TimeSpan.FromSeconds(5), "the killed manager's workers to die");
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Theory]
    [InlineData(HtexTransport.Grpc)]
    [InlineData(HtexTransport.NetMQ)]
    public async Task Peers_without_the_run_secret_are_refused_and_logged_and_the_run_goes_on(HtexTransport transport)
    {
        var logging = new CapturingLoggerFactory();
        var htex = Htex(transport: transport);
        var kernel = await LoadAsync(htex, logging);
        var address = $"127.0.0.1:{htex.InterchangePort}";
        var secret = ReadSecret();

        // Without the interchange's key (CURVE) or certificate fingerprint (TLS) no encrypted session is set up: nothing comes back.
        var strangerSecret = transport == HtexTransport.Grpc
            ? new RunSecret(transport, Convert.ToHexString(new byte[32]), secret.Token)
            : new RunSecret(transport, new NetMQCertificate().PublicKeyZ85, secret.Token);
        using (var stranger = new Peer(address, strangerSecret))
        {
            stranger.Send(Registration(secret.Token));
            Assert.Null(stranger.Receive(TimeSpan.FromSeconds(1)));
        }
        // With the key but not the token, registration is refused: the peer is told why (a manager logs it), gets
        // nothing else, and the refusal is logged here.
        using (var impostor = new Peer(address, secret))
        {
            impostor.Send(Registration(new byte[32]));
            var refusal = impostor.Receive(TimeSpan.FromSeconds(30));
            Assert.NotNull(refusal);
            var reader = new WireReader(refusal);
            Assert.Equal(MessageKind.Refused, WireProtocol.ReadKind(ref reader));
            Assert.Contains("did not present this run's token", RefusedMessage.ReadBody(ref reader).Reason);
            impostor.Send(Registration(new byte[32]));
            Assert.Null(impostor.Receive(TimeSpan.FromSeconds(1)));
        }

        Assert.True(logging.Contains(LogLevel.Warning, "refused a manager that did not present this run's secret"), string.Join("\n", logging.Lines));
        Assert.Equal(81, await HtexApps.SquareAsync(9));
        await kernel.DisposeAsync();
    }

    [Theory]
    [InlineData(HtexTransport.Grpc)]
    [InlineData(HtexTransport.NetMQ)]
    public async Task Thousands_of_random_truncated_and_oversized_frames_are_each_rejected_without_a_crash_or_growth(HtexTransport transport)
    {
        var logging = new CapturingLoggerFactory();
        var htex = Htex(maxMessage: 64 * 1024, transport: transport);
        var kernel = await LoadAsync(htex, logging);
        var secret = ReadSecret();
        var random = new Random(11);
        var address = $"127.0.0.1:{htex.InterchangePort}";

        void Round(int frames)
        {
            // A peer the interchange refuses is disconnected where the transport allows it (gRPC): each round connects afresh.
            using var fuzzer = new Peer(address, secret);
            for (var i = 0; i < frames; i++)
            {
                var frame = (i % 4) switch
                {
                    0 => RandomBytes(random, random.Next(0, 64)),
                    1 => Registration(secret.Token)[..random.Next(0, 40)], // a real registration, cut short
                    2 => [(byte)MessageKind.Progress, .. RandomBytes(random, random.Next(0, 256))],
                    _ => RandomBytes(random, random.Next(0, 4096)),
                };
                fuzzer.Send(frame);
            }
            fuzzer.Send(new byte[128 * 1024]); // past MaxMessageBytes: the connection is dropped
            fuzzer.Receive(TimeSpan.FromMilliseconds(200));
        }

        Round(500);
        await Task.Delay(500);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var round = 0; round < 6; round++)
            Round(500);
        await Task.Delay(1000);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.True(after - before < 16 << 20, $"memory grew by {(after - before) >> 20} MiB");
        Assert.Equal(16, await HtexApps.SquareAsync(4));
        Assert.True(logging.Contains(LogLevel.Warning, "refused"), "refusals are logged");
        Assert.True(logging.Lines.Count < 200, $"refusals are rate-limited, yet {logging.Lines.Count} lines were logged");
        await kernel.DisposeAsync();
    }

    /// <summary>A hand-driven manager link: the transport's own client, sending whatever the test gives it.</summary>
    private sealed class Peer(string address, RunSecret secret) : IDisposable
    {
        private readonly IEventLoop _loop = ITransport.Of(secret.Transport).CreateLoop();
        private readonly IInterchangeLink _link = ITransport.Of(secret.Transport).Connect(address, secret);
        private readonly System.Collections.Concurrent.BlockingCollection<byte[]?> _received = [];
        private bool _started;

        public void Send(byte[] frame)
        {
            StartOnce();
            _link.Send(frame);
        }

        /// <summary>The next message from the interchange within <paramref name="timeout"/>; null if none came or the link broke.</summary>
        public byte[]? Receive(TimeSpan timeout)
        {
            StartOnce();
            return _received.TryTake(out var message, timeout) ? message : null;
        }

        private void StartOnce()
        {
            if (_started)
                return;
            _started = true;
            _link.AttachTo(_loop, () =>
            {
                while (_link.TryReceive(out var message))
                    _received.Add(message);
            });
            _loop.RunInBackground("test-peer");
        }

        public void Dispose()
        {
            _loop.Dispose();
            _link.Dispose();
        }
    }

    [Fact]
    public async Task Blocks_scale_out_to_the_maximum_under_load_and_back_in_when_idle()
    {
        var logging = new CapturingLoggerFactory();
        var kernel = await LoadAsync(Htex(blocks: 0, workers: 1, maxBlocks: 2, maxIdle: TimeSpan.FromMilliseconds(500)), logging);
        var futures = Enumerable.Range(0, 12).Select(i => HtexApps.PauseAsync(300, i)).ToList();

        await Poll.UntilAsync(() => WorkerProcesses.Managers(RunDirectory).Count == 2, "two blocks under load");
        Assert.Equal(Enumerable.Range(0, 12), await Task.WhenAll(futures.Select(f => f.AsTask())));
        await Poll.UntilAsync(() => WorkerProcesses.Managers(RunDirectory).Count == 0, TimeSpan.FromSeconds(15), "idle blocks to be released");

        Assert.Equal(4, await HtexApps.SquareAsync(2)); // and a new block comes when work does
        Assert.False(logging.Contains(LogLevel.Warning, "lost manager"), "released blocks are not lost managers: " + string.Join("\n", logging.Lines));
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task When_the_interchange_fails_outstanding_tasks_fail_with_a_clear_error_instead_of_hanging()
    {
        var htex = Htex();
        var kernel = await LoadAsync(htex);
        var futures = Enumerable.Range(0, 6).Select(i => HtexApps.PauseAsync(3000, i)).ToList();
        await Poll.UntilAsync(() => futures.Any(f => f.State == TaskState.Running), "a task to start");

        htex.FailInterchange(new IOException("simulated crash"));

        foreach (var future in futures)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => future.AsTask());
            Assert.Contains("The interchange of executor 'htex' stopped: simulated crash", failure.Message);
        }
        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(1).AsTask());
        Assert.Contains("stopped", late.Message);
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_clean_run_that_ends_while_blocks_still_start_logs_no_refusal()
    {
        for (var run = 0; run < 3; run++)
        {
            var logging = new CapturingLoggerFactory();
            var kernel = await LoadAsync(Htex(blocks: 2, workers: 1), logging);
            Assert.Equal(9, await HtexApps.SquareAsync(3)); // the first manager answers; the second may still be starting
            await kernel.DisposeAsync();
            Assert.False(logging.Contains(LogLevel.Warning, "refused"), string.Join("\n", logging.Lines));
            await AssertNoProcessLeftAsync();
        }
    }

    [Fact]
    public async Task Shutdown_leaves_no_process_of_the_run_behind()
    {
        var kernel = await LoadAsync(Htex(blocks: 2, workers: 2));
        Assert.Equal(9, await HtexApps.SquareAsync(3));
        Assert.NotEmpty(WorkerProcesses.Remaining(RunDirectory));

        await kernel.DisposeAsync();

        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task A_block_whose_workers_cannot_start_fails_the_waiting_tasks_with_the_reason()
    {
        var htex = new HighThroughputExecutor("htex")
        {
            Scaling = new BlockScaling { InitBlocks = 1, MaxBlocks = 1 },
            WorkerInit = "echo 'module load: no such module dotnet' >&2; exit 3",
            ScalingInterval = TimeSpan.FromMilliseconds(100),
        };
        var kernel = await LoadAsync(htex);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(3).AsTask());

        Assert.Contains("could not start any block", failure.Message);
        Assert.Contains("no such module dotnet", failure.Message);
        await kernel.DisposeAsync();
    }

    [Fact]
    public async Task Refused_submissions_are_retried_with_growing_delays_and_a_later_acceptance_runs_the_work()
    {
        var provider = new RefusingProvider(refusals: 2);
        var kernel = await LoadAsync(new HighThroughputExecutor("htex")
        {
            Provider = provider,
            Scaling = new BlockScaling { InitBlocks = 0, MaxBlocks = 1 },
            ScalingInterval = TimeSpan.FromMilliseconds(50),
            SubmitRetryDelay = TimeSpan.FromMilliseconds(300),
        });

        Assert.Equal(49, await HtexApps.SquareAsync(7));

        Assert.Equal(3, provider.Submissions.Count);
        Assert.True(provider.Submissions[1] - provider.Submissions[0] >= TimeSpan.FromMilliseconds(300), "the first retry waits SubmitRetryDelay");
        Assert.True(provider.Submissions[2] - provider.Submissions[1] >= TimeSpan.FromMilliseconds(600), "the second waits twice as long");
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    [Fact]
    public async Task Submissions_refused_MaxBlockStartFailures_times_fail_the_waiting_tasks_with_the_schedulers_words()
    {
        var kernel = await LoadAsync(new HighThroughputExecutor("htex")
        {
            Provider = new RefusingProvider(refusals: int.MaxValue),
            Scaling = new BlockScaling { InitBlocks = 0, MaxBlocks = 1 },
            ScalingInterval = TimeSpan.FromMilliseconds(50),
            SubmitRetryDelay = TimeSpan.FromMilliseconds(50),
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HtexApps.SquareAsync(7).AsTask());

        Assert.Contains("could not start any block: 3 blocks in a row failed to start", failure.Message);
        Assert.Contains("Socket timed out on send/recv operation", failure.Message);
        await kernel.DisposeAsync();
    }

    private static byte[] Registration(byte[] token) =>
        WireProtocol.Frame(new WireWriter(), new RegisterMessage(WireProtocol.Version, token, "0", "fuzz", 1, 1, 0));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
