using System.Diagnostics;
using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Bench;

/// <summary>What recording a run into the monitoring database costs the run.</summary>
internal static class MonitoringScenarios
{
    /// <summary>
    /// N tasks of 1 ms of CPU each on threads, from the first call to the end of the run (the kernel's disposal, which
    /// waits for the database's last batch), with the database on and off, paired in alternating order:
    /// <c>ratio</c> = on / off. Then the worst case, N no-op tasks (<c>noop_ratio</c>), where the database's cost per
    /// event is all there is.
    /// </summary>
    public static async Task<Measurement> Overhead(long n, int runs)
    {
        var (on, off, ratio) = await PairsAsync(n, runs, () => BenchApps.SpinAsync(1000));
        var (_, noopOff, noopRatio) = await PairsAsync(n, runs, () => BenchApps.NoopAsync());
        return new Measurement("monitoring-overhead", n, on)
        {
            Extra = new Dictionary<string, double>
            {
                ["off_ms"] = Median(off).TotalMilliseconds,
                ["ratio"] = ratio,
                ["noop_off_ms"] = Median(noopOff).TotalMilliseconds,
                ["noop_ratio"] = noopRatio,
            },
        };
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static async Task<(List<TimeSpan> On, List<TimeSpan> Off, double Ratio)> PairsAsync(long n, int runs, Func<AppFuture<long>> task)
    {
        var root = Directory.CreateTempSubdirectory("parsl-bench-monitoring-").FullName;
        try
        {
            var folders = 0;
            async Task<TimeSpan> RunAsync(bool monitored)
            {
                var folder = Path.Combine(root, (folders++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                using var database = monitored ? new MonitoringDatabase() : null;
                var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
                {
                    Executors = [new ThreadPoolExecutor("local", Environment.ProcessorCount)],
                    RunDirectory = Path.Combine(folder, "runinfo"),
                    Observers = database is null ? [] : [database],
                });
                GC.Collect();
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < n; i++)
                    _ = task();
                await kernel.WaitForCurrentTasksAsync();
                await kernel.DisposeAsync();
                return clock.Elapsed;
            }

            var on = new List<TimeSpan>();
            var off = new List<TimeSpan>();
            var ratios = new List<double>();
            for (var pair = -2; pair < runs; pair++) // two warm-up pairs
            {
                TimeSpan with, without;
                if (pair % 2 == 0)
                {
                    with = await RunAsync(true);
                    without = await RunAsync(false);
                }
                else
                {
                    without = await RunAsync(false);
                    with = await RunAsync(true);
                }
                if (pair < 0)
                    continue;
                on.Add(with);
                off.Add(without);
                ratios.Add(with / without);
            }
            return (on, off, ratios.Order().ElementAt(ratios.Count / 2));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
