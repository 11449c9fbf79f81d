using System.Diagnostics;
using Parsl.Executors;
using Parsl.Scaling;
using static Parsl.Bench.Statistics;

namespace Parsl.Bench;

/// <summary>
/// The pilot-job executor's scenarios: one local block with two worker processes, the interchange in this process.
/// Prefetch lets a worker start its next task without waiting for the interchange (Parsl's prefetch_capacity).
/// </summary>
internal static class HtexScenarios
{
    /// <summary>The interchange's transport in every scenario here (<c>--transport grpc|netmq</c>).</summary>
    public static HtexTransport Transport { get; set; } = new HighThroughputExecutor().Transport;

    /// <summary>Where the blocks come from (<c>--provider local|slurm|gridengine</c>): the schedulers must be running here.</summary>
    public static string Provider { get; set; } = "local";

    private static Parsl.Providers.IExecutionProvider NewProvider() => Provider switch
    {
        "local" => new Parsl.Providers.LocalProvider(),
        "slurm" => new Parsl.Providers.SlurmProvider(),
        "gridengine" => new Parsl.Providers.GridEngineProvider(),
        _ => throw new ArgumentException($"--provider {Provider} is not one of local, slurm, gridengine"),
    };

    private static Measurement Labelled(Measurement measured) =>
        measured with { Labels = new Dictionary<string, string> { ["transport"] = Transport.ToString().ToLowerInvariant(), ["provider"] = Provider } };

    private static HighThroughputExecutor Executor(int prefetch, int blocks = 1, int workerLossRetries = 2) => new("htex")
    {
        Transport = Transport,
        Provider = NewProvider(),
        Scaling = new BlockScaling { InitBlocks = blocks, MinBlocks = blocks, MaxBlocks = blocks },
        MaxWorkersPerNode = 2,
        Prefetch = prefetch,
        WorkerLossRetries = workerLossRetries,
    };

    private static async Task<DataFlowKernel> LoadAsync(int prefetch = 256) =>
        await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [Executor(prefetch)],
            RunDirectory = Path.Combine(Path.GetTempPath(), "parsl-bench-runinfo"),
        });

    /// <summary>N no-op tasks submitted at once, through the interchange to two workers and back.</summary>
    public static async Task<Measurement> Noop(long n, int runs)
    {
        await using var kernel = await LoadAsync();
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            for (var i = 0; i < n; i++)
                _ = BenchApps.NoopAsync();
            await kernel.WaitForCurrentTasksAsync();
        });
        return Labelled(new Measurement("htex-noop", n, times));
    }

    /// <summary>A chain of N tasks, each taking the previous one's future: one round trip to a worker per hop.</summary>
    public static async Task<Measurement> Chain(long n, int runs)
    {
        await using var kernel = await LoadAsync(prefetch: 0);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            var last = BenchApps.NextAsync(0);
            for (var i = 1; i < n; i++)
                last = BenchApps.NextAsync(last);
            if (await last != n)
                throw new InvalidOperationException("the chain computed the wrong value");
        });
        return Labelled(new Measurement("htex-chain", n, times));
    }

    /// <summary>
    /// From <c>LoadAsync</c> to the first result: a block, its manager and a worker started from nothing. The figures
    /// are later loads in this process; <c>cold_ms</c> is the first, which also loads the interchange's own code. Beside
    /// them, where the time goes (medians): <c>load_ms</c> until LoadAsync returns, <c>dispose_ms</c> for the disposal
    /// after each, and <c>leftover_max</c>, the most worker processes of an earlier load still alive when a load starts.
    /// </summary>
    public static async Task<Measurement> FirstResult(long n, int runs)
    {
        var times = new List<TimeSpan>();
        var loads = new List<TimeSpan>();
        var disposals = new List<TimeSpan>();
        var leftovers = 0;
        var cold = TimeSpan.Zero;
        for (var run = 0; run <= runs; run++)
        {
            leftovers = Math.Max(leftovers, WorkerHostProcesses());
            var clock = Stopwatch.StartNew();
            var kernel = await LoadAsync(prefetch: 0);
            var loaded = clock.Elapsed;
            await BenchApps.NoopAsync();
            var elapsed = clock.Elapsed;
            await kernel.DisposeAsync();
            if (run == 0)
            {
                cold = elapsed; // what a workflow sees: its process loads the interchange's code for the first time
                continue;
            }
            times.Add(elapsed);
            loads.Add(loaded);
            disposals.Add(clock.Elapsed - elapsed);
        }
        return Labelled(new Measurement("htex-first-result", 1, times)) with
        {
            Extra = new Dictionary<string, double>
            {
                ["cold_ms"] = cold.TotalMilliseconds,
                ["load_ms"] = Median(loads).TotalMilliseconds,
                ["dispose_ms"] = Median(disposals).TotalMilliseconds,
                ["leftover_max"] = leftovers,
            },
        };
    }


    /// <summary>Live managers and workers on this machine (Parsl.HighThroughput.dll started as either), zombies left out.</summary>
    private static int WorkerHostProcesses()
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("Parsl.HighThroughput.dll manager ", StringComparison.Ordinal) || commandLine.Contains("Parsl.HighThroughput.dll worker ", StringComparison.Ordinal))
                    count++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // ended meanwhile
            }
        }
        return count;
    }

    /// <summary>
    /// N no-op tasks while a worker is killed every 100 ms (two blocks of two workers, retries on worker loss): every
    /// task must complete; the figure is the throughput under churn, with the kills and the re-run tries beside it.
    /// </summary>
    public static async Task<Measurement> Churn(long n, int runs)
    {
        var runDirectory = Path.Combine(Path.GetTempPath(), "parsl-bench-churn");
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [Executor(prefetch: 4, blocks: 2, workerLossRetries: 1000)],
            RunDirectory = runDirectory,
        });
        using var churn = new WorkerChurn(runDirectory);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            var futures = new AppFuture<long>[n];
            for (var i = 0; i < n; i++)
                futures[i] = BenchApps.NextAsync(i);
            var all = Task.WhenAll(futures.Select(f => f.AsTask()));
            await churn.KillUntilAsync(all, TimeSpan.FromMilliseconds(100));
            var values = await all;
            for (var i = 0; i < n; i++)
                if (values[i] != i + 1)
                    throw new InvalidOperationException($"task {i} computed {values[i]} under churn");
        });
        var measured = new Measurement("htex-churn", n, times);
        return Labelled(measured) with { Extra = new Dictionary<string, double> { ["kills"] = churn.Kills, ["rerun"] = churn.Rerun } };
    }

    /// <summary>N tasks each sending 1 MiB to a worker and getting 1 MiB back; throughput counts both directions.</summary>
    public static async Task<Measurement> Payload(long n, int runs)
    {
        await using var kernel = await LoadAsync(prefetch: 4);
        var payload = new byte[1 << 20];
        new Random(1).NextBytes(payload);
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            var futures = new AppFuture<byte[]>[n];
            for (var i = 0; i < n; i++)
                futures[i] = BenchApps.EchoAsync(payload);
            await kernel.WaitForCurrentTasksAsync();
            if (futures.Any(f => f.Result().Length != payload.Length))
                throw new InvalidOperationException("a payload came back wrong");
        });
        var measured = new Measurement("htex-payload", n, times);
        return Labelled(measured) with { Extra = new Dictionary<string, double> { ["mb_per_s"] = 2.0 * n * payload.Length / 1e6 / measured.Median.TotalSeconds } };
    }
}
