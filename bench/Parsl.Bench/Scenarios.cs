using System.Diagnostics;
using System.Globalization;
using Parsl.Executors;

namespace Parsl.Bench;

/// <summary>The scenarios of docs/performance.md. Each loads its own kernel and times whole runs.</summary>
internal static class Scenarios
{
    public static readonly IReadOnlyDictionary<string, (long DefaultN, Func<long, int, Task<Measurement>> Run)> All =
        new Dictionary<string, (long, Func<long, int, Task<Measurement>>)>
        {
            ["threads-noop"] = (200_000, ThreadsNoop),
            ["events-overhead"] = (200_000, EventsOverhead),
            ["monitoring-overhead"] = (10_000, MonitoringScenarios.Overhead),
            ["threads-chain"] = (100_000, ThreadsChain),
            ["file-chain"] = (10_000, FileChain),
            ["stage-http"] = (1_000, StagingScenarios.StageHttp),
            ["threads-fanin"] = (100_000, ThreadsFanIn),
            ["bash-true"] = (2_000, BashTrue),
            ["pending-memory"] = (1_000_000, PendingMemory),
            ["memo-hit"] = (1_000_000, MemoHit),
            ["memo-inflight"] = (2_000, MemoInFlight),
            ["checkpoint-write"] = (100_000, CheckpointWrite),
            ["chain-failure"] = (1_000_000, ChainFailure),
            ["htex-noop"] = (50_000, HtexScenarios.Noop),
            ["htex-chain"] = (5_000, HtexScenarios.Chain),
            ["htex-first-result"] = (1, HtexScenarios.FirstResult),
            ["htex-payload"] = (200, HtexScenarios.Payload),
            ["htex-churn"] = (20_000, HtexScenarios.Churn),
            ["mpi-dispatch"] = (400, MpiScenarios.Dispatch),
            ["mpi-beside"] = (400, MpiScenarios.Beside),
            ["container-overhead"] = (20, ContainerScenarios.Overhead),
        };

    private static async Task<DataFlowKernel> LoadAsync(int threads, CheckpointMode? checkpoint = null) =>
        await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", threads)],
            RunDirectory = Path.Combine(Path.GetTempPath(), "parsl-bench-runinfo"),
            Checkpoint = checkpoint ?? CheckpointMode.None,
        });

    /// <summary>N calls of a cached app, all answered from the memo table.</summary>
    private static async Task<Measurement> MemoHit(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        await BenchApps.CachedSquareAsync(3);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            for (var i = 0; i < n; i++)
                _ = BenchApps.CachedSquareAsync(3);
            await kernel.WaitForCurrentTasksAsync();
        });
        if (kernel.Counts.FromCache < n)
            throw new InvalidOperationException("some calls were not answered from the memo table");
        return new Measurement("memo-hit", n, times);
    }

    /// <summary>N identical calls while the first is still running: how many actually execute (should be 1).</summary>
    private static async Task<Measurement> MemoInFlight(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var executed = new List<double>();
        var times = new List<TimeSpan>();
        for (var run = 0; run < runs; run++)
        {
            Interlocked.Exchange(ref BenchApps.GatedExecutions, 0);
            using var gate = new ManualResetEventSlim(false);
            var clock = Stopwatch.StartNew();
            var calls = new AppFuture<long>[n];
            for (var i = 0; i < n; i++)
                calls[i] = BenchApps.GatedSquareAsync(1000 + run, gate);
            gate.Set();
            await kernel.WaitForCurrentTasksAsync();
            times.Add(clock.Elapsed);
            executed.Add(Volatile.Read(ref BenchApps.GatedExecutions));
        }
        return new Measurement("memo-inflight", n, times, Extra: new Dictionary<string, double> { ["executed"] = executed.Max() });
    }

    /// <summary>N distinct cached tasks with TaskExit checkpointing, against the same without a checkpoint.</summary>
    private static async Task<Measurement> CheckpointWrite(long n, int runs)
    {
        async Task<List<TimeSpan>> TimeAsync(CheckpointMode mode)
        {
            var times = new List<TimeSpan>();
            for (var run = 0; run <= runs; run++)
            {
                await using var kernel = await LoadAsync(Environment.ProcessorCount, mode);
                GC.Collect();
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < n; i++)
                    _ = BenchApps.CachedSquareAsync(i);
                await kernel.WaitForCurrentTasksAsync();
                if (run > 0) // the first run warms up
                    times.Add(clock.Elapsed);
            }
            return times;
        }

        var without = await TimeAsync(CheckpointMode.None);
        var with = await TimeAsync(CheckpointMode.TaskExit);
        var baseline = without.Order().ElementAt(without.Count / 2);
        var measured = new Measurement("checkpoint-write", n, with);
        return measured with
        {
            Extra = new Dictionary<string, double>
            {
                ["baseline_ms"] = baseline.TotalMilliseconds,
                ["ratio"] = measured.Median / baseline,
            },
        };
    }

    /// <summary>Submit N no-op apps, then wait for all of them.</summary>
    private static async Task<Measurement> ThreadsNoop(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            for (var i = 0; i < n; i++)
                _ = BenchApps.NoopAsync();
            await kernel.WaitForCurrentTasksAsync();
        });
        return new Measurement("threads-noop", n, times);
    }

    /// <summary>
    /// <c>threads-noop</c> with one observer that counts the run's events, against none, alternating run by run in one
    /// kernel: what watching a run costs. The figures are the observed runs; <c>ratio</c> is the median of each observed
    /// run over the unobserved run beside it (pairs in the same moment, so the machine's drift cancels; target ≤ 1.10),
    /// <c>events_per_task</c> what the observer saw. Each run starts after a full collection and the pairs swap their
    /// order, so that neither side pays for the other's garbage (without both, an unobserved pair measured 1.15).
    /// </summary>
    private static async Task<Measurement> EventsOverhead(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var counter = new CountingObserver();
        async Task<TimeSpan> Run(bool observed)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var subscription = observed ? kernel.Observe(counter) : null;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
                _ = BenchApps.NoopAsync();
            await kernel.WaitForCurrentTasksAsync();
            return clock.Elapsed;
        }
        var warmUp = Stopwatch.StartNew();
        for (var warm = 0; warm < 3 || warmUp.Elapsed < TimeSpan.FromSeconds(0.5); warm++)
        {
            await Run(observed: false);
            await Run(observed: true);
        }
        var plain = new List<TimeSpan>();
        var observed = new List<TimeSpan>();
        var seen = counter.Count;
        for (var run = 0; run < runs; run++)
        {
            var observedFirst = run % 2 == 1;
            if (observedFirst)
                observed.Add(await Run(observed: true));
            plain.Add(await Run(observed: false));
            if (!observedFirst)
                observed.Add(await Run(observed: true));
        }
        var median = static (List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
        return new Measurement("events-overhead", n, observed)
        {
            Extra = new Dictionary<string, double>
            {
                ["unobserved_ms"] = median(plain).TotalMilliseconds,
                ["ratio"] = plain.Zip(observed, (p, o) => o / p).Order().ElementAt(runs / 2),
                ["events_per_task"] = (counter.Count - seen) / (double)(n * runs),
            },
        };
    }

    /// <summary>Counts events per thread, so that the figure is the kernel's cost of reporting, not two threads
    /// fighting over one counter's cache line.</summary>
    private sealed class CountingObserver : Parsl.Events.IRunObserver
    {
        [ThreadStatic] private static long[]? t_count;
        private static readonly System.Collections.Concurrent.ConcurrentBag<long[]> s_counts = [];

        public long Count => s_counts.Sum(c => Volatile.Read(ref c[0]));

        public void OnEvent(in Parsl.Events.RunEvent e) => (t_count ?? NewCounter())[0]++;

        private static long[] NewCounter()
        {
            t_count = new long[1];
            s_counts.Add(t_count);
            return t_count;
        }
    }

    /// <summary>A chain of N apps, each taking the previous one's future.</summary>
    private static async Task<Measurement> ThreadsChain(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            var last = BenchApps.NextAsync(0);
            for (var i = 1; i < n; i++)
                last = BenchApps.NextAsync(last);
            if (await last != n)
                throw new InvalidOperationException("the chain computed the wrong value");
        });
        return new Measurement("threads-chain", n, times);
    }

    /// <summary>
    /// A chain of N apps through files on local disk: each takes the file the previous one wrote (its output future) and
    /// creates its own; <c>us_per_task</c> is the hop (target ≤ 100 µs). <c>floor_us_per_hop</c> is the file system's own
    /// part: creating and then checking N files in a loop (what a hop does to the disk). The disk's speed drifts (journal
    /// commits, discards after deletions), so each chain run is paired with a floor run beside it, in alternating order;
    /// <c>above_floor_us_per_hop</c> is the median of the pairs' differences.
    /// </summary>
    private static async Task<Measurement> FileChain(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var root = Directory.CreateTempSubdirectory("parsl-bench-files-").FullName;
        try
        {
            var start = new DataFile(Path.Combine(root, "start"));
            File.Create(start.Path).Dispose();
            var folders = 0;
            string Fresh() => Directory.CreateDirectory(Path.Combine(root, (folders++).ToString(CultureInfo.InvariantCulture))).FullName;
            async Task<TimeSpan> ChainAsync()
            {
                var folder = Fresh();
                var clock = Stopwatch.StartNew();
                AppFuture<DataFile> last = BenchApps.TouchAsync(start, new DataFile(Path.Combine(folder, "0"))).Outputs[0];
                for (var i = 1; i < n; i++)
                    last = BenchApps.TouchAsync(last, new DataFile(Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture)))).Outputs[0];
                await last;
                return clock.Elapsed;
            }
            TimeSpan Floor()
            {
                var folder = Fresh();
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < n; i++)
                {
                    var path = Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture));
                    File.Create(path).Dispose();
                    if (!File.Exists(path))
                        throw new InvalidOperationException("a file just created is not there");
                }
                return clock.Elapsed;
            }

            var chains = new List<TimeSpan>();
            var floors = new List<TimeSpan>();
            var differences = new List<double>();
            for (var pair = -2; pair < runs; pair++) // two warm-up pairs
            {
                GC.Collect();
                TimeSpan chain, floor;
                if (pair % 2 == 0)
                {
                    chain = await ChainAsync();
                    floor = Floor();
                }
                else
                {
                    floor = Floor();
                    chain = await ChainAsync();
                }
                if (pair < 0)
                    continue;
                chains.Add(chain);
                floors.Add(floor);
                differences.Add((chain - floor).TotalMicroseconds / n);
            }
            return new Measurement("file-chain", n, chains)
            {
                Extra = new Dictionary<string, double>
                {
                    ["floor_us_per_hop"] = floors.Order().ElementAt(floors.Count / 2).TotalMicroseconds / n,
                    ["above_floor_us_per_hop"] = differences.Order().ElementAt(differences.Count / 2),
                },
            };
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>N completed futures passed to one app: time from the call to its result.</summary>
    private static async Task<Measurement> ThreadsFanIn(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var inputs = new AppFuture<long>[n];
        for (var i = 0; i < n; i++)
            inputs[i] = BenchApps.NextAsync(i);
        await kernel.WaitForCurrentTasksAsync();
        var expected = n * (n + 1) / 2;
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            if (await BenchApps.SumAsync(inputs) != expected)
                throw new InvalidOperationException("the fan-in computed the wrong value");
        });
        // Reported per run (one app), not per input.
        return new Measurement("threads-fanin", n, times);
    }

    /// <summary>N bash apps running `true`.</summary>
    private static async Task<Measurement> BashTrue(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount * 2);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            var futures = new AppFuture<BashResult>[n];
            for (var i = 0; i < n; i++)
                futures[i] = BenchApps.TrueAsync();
            await kernel.WaitForCurrentTasksAsync();
            if (futures.Any(f => !f.IsCompletedSuccessfully))
                throw new InvalidOperationException("a bash app failed");
        });
        return new Measurement("bash-true", n, times);
    }

    /// <summary>N tasks all waiting on one blocked app: managed heap per pending task, then the time to drain them.</summary>
    private static async Task<Measurement> PendingMemory(long n, int runs)
    {
        await using var kernel = await LoadAsync(Environment.ProcessorCount);
        var bytesPerTask = new List<double>();
        var times = new List<TimeSpan>();
        for (var run = 0; run < runs; run++)
        {
            using var gate = new ManualResetEventSlim(false);
            var blocker = BenchApps.GateAsync(gate);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var pending = new AppFuture<long>[n];
            for (var i = 0; i < n; i++)
                pending[i] = BenchApps.NextAsync(blocker);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            bytesPerTask.Add((after - before) / (double)n);
            if (pending.Any(f => f.IsCompleted))
                throw new InvalidOperationException("a task ran before its input was ready");

            var clock = Stopwatch.StartNew();
            gate.Set();
            await kernel.WaitForCurrentTasksAsync();
            times.Add(clock.Elapsed);
            GC.KeepAlive(pending);
        }
        return new Measurement("pending-memory", n, times, bytesPerTask.Order().ElementAt(bytesPerTask.Count / 2));
    }

    /// <summary>
    /// A chain of N apps whose head fails once the whole chain is pending: the time from releasing the head until every
    /// link has failed. Then the same depth of chain succeeding on an executor that runs each try inside Submit, whose
    /// deepest stack (in frames, sampled) shows that completions do not nest: it is the same however long the chain.
    /// </summary>
    private static async Task<Measurement> ChainFailure(long n, int runs)
    {
        var probe = new DepthProbeExecutor("inline");
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", Environment.ProcessorCount), probe],
            RunDirectory = Path.Combine(Path.GetTempPath(), "parsl-bench-runinfo"),
            PrintFailureReport = false,
        });
        var times = new List<TimeSpan>();
        for (var run = 0; run <= runs; run++)
        {
            using var release = new ManualResetEventSlim(false);
            var before = kernel.Counts.DependencyFailed;
            var last = BenchApps.FailWhenReleasedAsync(release);
            for (var i = 1; i < n; i++)
                last = BenchApps.NextAsync(last);
            GC.Collect();
            var clock = Stopwatch.StartNew();
            release.Set();
            await last.AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);
            var elapsed = clock.Elapsed;
            if (last.State != TaskState.DependencyFailed || kernel.Counts.DependencyFailed - before != n - 1)
                throw new InvalidOperationException("not every link of the chain failed");
            if (run > 0) // the first run warms up
                times.Add(elapsed);
        }

        using (var release = new ManualResetEventSlim(false))
        {
            var last = BenchApps.ReleasedAsync(release);
            for (var i = 1; i < n; i++)
                last = BenchApps.InlineNextAsync(last);
            release.Set();
            if (await last != n - 1)
                throw new InvalidOperationException("the inline chain computed the wrong value");
        }
        return new Measurement("chain-failure", n, times, Extra: new Dictionary<string, double> { ["stack_frames"] = probe.DeepestFrames });
    }
}
