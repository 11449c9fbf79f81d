using Microsoft.Extensions.Logging;
using Parsl.Executors;
using Parsl.Executors.HighThroughput;
using Parsl.Scaling;

namespace Parsl.Tests;

/// <summary>
/// A test that loads its own kernel with a pilot-job executor on local blocks, in a scratch run directory, and checks
/// the process table afterwards; a test that failed half-way still has its kernel unloaded.
/// </summary>
public abstract class HtexRunTest : IAsyncLifetime
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-htex-").FullName;
    private DataFlowKernel? _kernel;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_kernel is not null)
            await _kernel.ShutdownAsync(cancelOutstanding: true);
        Directory.Delete(_scratch, recursive: true);
    }

    protected string RunDirectory => Path.Combine(_scratch, "runinfo");

    /// <summary>An executor with short polling, and a heartbeat threshold sized for the machine's load unless a test needs its own.</summary>
    protected static HighThroughputExecutor Htex(int blocks = 1, int workers = 2, int prefetch = 0, int lossRetries = 2, int maxBlocks = 0,
        TimeSpan? maxIdle = null, long maxMessage = 1L << 30, HtexTransport transport = HtexTransport.Grpc, TimeSpan? heartbeatThreshold = null,
        string? workerInit = null) => new("htex")
    {
        WorkerInit = workerInit,
        Transport = transport,
        Scaling = new BlockScaling { InitBlocks = blocks, MinBlocks = 0, MaxBlocks = Math.Max(maxBlocks, Math.Max(blocks, 1)), MaxIdleTime = maxIdle ?? TimeSpan.FromMinutes(2) },
        MaxWorkersPerNode = workers,
        Prefetch = prefetch,
        WorkerLossRetries = lossRetries,
        HeartbeatPeriod = TestTimings.HeartbeatPeriod,
        HeartbeatThreshold = heartbeatThreshold ?? TestTimings.HeartbeatThreshold,
        ScalingInterval = TimeSpan.FromMilliseconds(200),
        MaxMessageBytes = maxMessage,
    };

    protected async Task<DataFlowKernel> LoadAsync(HighThroughputExecutor htex, ILoggerFactory? logging = null, IReadOnlyList<Events.IRunObserver>? observers = null) =>
        _kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [htex], RunDirectory = RunDirectory, ExitOnCtrlC = false, LoggerFactory = logging, Observers = observers ?? [],
        });

    protected async Task AssertNoProcessLeftAsync() =>
        await Poll.UntilAsync(() => WorkerProcesses.Remaining(RunDirectory).Count == 0, TimeSpan.FromSeconds(30),
            "every manager and worker of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(RunDirectory)));

    private protected RunSecret ReadSecret() => RunSecret.ReadFrom(Directory.GetFiles(RunDirectory, "secret", SearchOption.AllDirectories).Single());

    /// <summary>
    /// Kills a random worker of the run every <paramref name="interval"/> until <paramref name="until"/> completes (or
    /// <paramref name="limit"/> passes); returns how many it killed.
    /// </summary>
    protected async Task<int> KillWorkersUntilAsync(Task until, TimeSpan interval, int seed, TimeSpan? limit = null)
    {
        var random = new Random(seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var kills = 0;
        while (!until.IsCompleted && clock.Elapsed < (limit ?? TimeSpan.FromMinutes(5)))
        {
            await Task.WhenAny(until, Task.Delay(interval));
            var workers = WorkerProcesses.Workers(WorkerProcesses.Managers(RunDirectory));
            if (until.IsCompleted || workers.Count == 0)
                continue;
            try
            {
                System.Diagnostics.Process.GetProcessById(workers[random.Next(workers.Count)]).Kill();
                kills++;
            }
            catch (ArgumentException)
            {
                // ended meanwhile
            }
        }
        return kills;
    }

    /// <summary>Every result, or a failure naming how many were still open when <paramref name="timeout"/> ran out (instead of hanging the suite).</summary>
    protected static async Task<T[]> AllAsync<T>(IReadOnlyList<AppFuture<T>> futures, TimeSpan timeout)
    {
        var all = Task.WhenAll(futures.Select(f => f.AsTask()));
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all)
            Assert.Fail($"{futures.Count(f => !f.IsCompleted)} of {futures.Count} tasks were still open after {timeout.TotalSeconds:0} s: the run stalled");
        return await all;
    }
}
