using System.Runtime.InteropServices;
using Parsl.Executors;
using static Parsl.Tests.MonitoredRun;

namespace Parsl.Tests;

/// <summary>Apps whose tries cost a known amount of memory and CPU.</summary>
public static partial class CostlyApps
{
    /// <summary>
    /// Touches every page of <paramref name="mebibytes"/> MiB, then burns <paramref name="cpuMilliseconds"/> of the
    /// process's CPU time. The memory is native: a large malloc is a mapping of its own, given back to the system at
    /// once when freed, so a later try starts small again (the GC heap keeps what it grew, which a later try would see).
    /// </summary>
    [App]
    public static partial long Hog(int mebibytes, int cpuMilliseconds)
    {
        long touched = 0;
        var size = mebibytes << 20;
        if (size > 0)
        {
            var block = Marshal.AllocHGlobal(size);
            try
            {
                for (var at = 0; at < size; at += 4096, touched++)
                    Marshal.WriteByte(block, at, 1);
            }
            finally
            {
                Marshal.FreeHGlobal(block);
            }
        }
        // CPU time, not the clock: on a busy machine the spin takes longer, never less.
        var until = Environment.CpuUsage.TotalTime + TimeSpan.FromMilliseconds(cpuMilliseconds);
        while (Environment.CpuUsage.TotalTime < until)
            touched++;
        return touched;
    }
}

/// <summary>What the worker process measured each try cost: the figures are the try's own, not the worker's so far.</summary>
public sealed class TryUsageMonitoringTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1 << 20;

    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-try-usage-").FullName;

    [Fact]
    public async Task A_big_try_measures_its_memory_and_cpu_and_a_later_small_try_on_the_same_worker_starts_from_zero()
    {
        // One worker, and the tries one after the other: the small try runs where the big one ran.
        var path = await RecordAsync(_scratch,
            new HighThroughputExecutor("htex") { MaxWorkersPerNode = 1, HeartbeatPeriod = TestTimings.HeartbeatPeriod, HeartbeatThreshold = TestTimings.HeartbeatThreshold },
            async () =>
            {
                Assert.True(await CostlyApps.HogAsync(64, 300) > 0);
                Assert.True(await CostlyApps.HogAsync(0, 0) >= 0);
            });

        using var db = Open(path);
        var tries = Rows(db, "SELECT worker, cpu_seconds, peak_memory_bytes FROM tries ORDER BY task_id");
        Assert.Equal(2, tries.Count);
        var (big, small) = (tries[0], tries[1]);
        output.WriteLine($"big try: {big[1]} s CPU, peak {(long)big[2] / MiB} MiB; small try: {small[1]} s CPU, peak {(long)small[2] / MiB} MiB ({big[0]})");
        Assert.Equal(big[0], small[0]);
        Assert.True((double)big[1] >= 0.2, $"the big try burnt 300 ms of CPU, but {big[1]} s were recorded");
        Assert.True((long)big[2] >= 64 * MiB, $"the big try touched 64 MiB, but its peak was {(long)big[2] / MiB} MiB");
        Assert.True((long)small[2] < (long)big[2] - 32 * MiB,
            $"the small try's peak ({(long)small[2] / MiB} MiB) should not include the big try's 64 MiB ({(long)big[2] / MiB} MiB): the peak is reset per try");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
