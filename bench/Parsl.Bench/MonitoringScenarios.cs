using System.Diagnostics;
using Parsl.Executors;
using Parsl.Monitoring;
using static Parsl.Bench.Statistics;

namespace Parsl.Bench;

/// <summary>What recording a run costs the run: into the monitoring database, and OpenTelemetry with no listener.</summary>
internal static class MonitoringScenarios
{
    /// <summary>
    /// N tasks of 1 ms of CPU each on threads, from the first call to the end of the run (the kernel's disposal, which
    /// waits for the database's last batch), in rounds of four runs: the database off, OpenTelemetry on with no listener
    /// for Parsl (<see cref="UnheardTelemetry"/>) and off again, in rotated order, then the database on. <c>ratio</c> = on / off and
    /// <c>otel_ratio</c> = OpenTelemetry / off, medians of the rounds; <c>off_ratio</c> = off again / off is the noise
    /// the other two are read against (each with its rounds' min and max). Then the worst case, N no-op tasks
    /// (<c>noop_…</c>), where the cost per event is all there is.
    /// </summary>
    public static async Task<Measurement> Overhead(long n, int runs)
    {
        var spin = await RoundsAsync(n, runs, () => BenchApps.SpinAsync(1000));
        var noop = await RoundsAsync(n, runs, () => BenchApps.NoopAsync());
        var extra = new Dictionary<string, double>
        {
            ["off_ms"] = Median(spin.Times[Setup.Off]).TotalMilliseconds,
            ["otel_ms"] = Median(spin.Times[Setup.UnheardTelemetry]).TotalMilliseconds,
            ["noop_off_ms"] = Median(noop.Times[Setup.Off]).TotalMilliseconds,
        };
        foreach (var (prefix, rounds) in new[] { ("", spin), ("noop_", noop) })
            foreach (var (name, setup) in new[] { ("ratio", Setup.Database), ("otel_ratio", Setup.UnheardTelemetry), ("off_ratio", Setup.OffAgain) })
            {
                var ratios = rounds.RatiosToOff(setup);
                extra[prefix + name] = Median(ratios);
                extra[prefix + name + "_min"] = ratios.Min();
                extra[prefix + name + "_max"] = ratios.Max();
            }
        return new Measurement("monitoring-overhead", n, spin.Times[Setup.Database]) { Extra = extra };
    }

    /// <summary>What a run records besides its results. <see cref="OffAgain"/> is <see cref="Off"/> once more, for the noise.</summary>
    private enum Setup { Off, Database, UnheardTelemetry, OffAgain }

    private sealed record Rounds(Dictionary<Setup, List<TimeSpan>> Times)
    {
        public List<double> RatiosToOff(Setup setup) => [.. Times[setup].Zip(Times[Setup.Off], (time, off) => time / off)];
    }


    private static async Task<Rounds> RoundsAsync(long n, int runs, Func<AppFuture<long>> task)
    {
        var root = Directory.CreateTempSubdirectory("parsl-bench-monitoring-").FullName;
        try
        {
            var folders = 0;
            async Task<TimeSpan> RunAsync(Setup setup)
            {
                var folder = Path.Combine(root, (folders++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                TimeSpan elapsed;
                using (var database = setup == Setup.Database ? new MonitoringDatabase() : null)
                using (var telemetry = setup == Setup.UnheardTelemetry ? new UnheardTelemetry() : null)
                {
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
                    elapsed = clock.Elapsed;
                    telemetry?.AssertUnheard();
                }
                Directory.Delete(folder, recursive: true); // so that no database's pages are written back during a later run
                return elapsed;
            }

            // The database's run goes last in each round: the run after it shares the machine with what it leaves
            // (its writer's last work, the page cache), and within a round that would always be the same setup. The
            // other three rotate, so that none always runs first, after the previous round's database.
            Setup[] unrecorded = [Setup.Off, Setup.UnheardTelemetry, Setup.OffAgain];
            var times = Enum.GetValues<Setup>().ToDictionary(setup => setup, _ => new List<TimeSpan>());
            for (var round = -2; round < runs; round++) // two warm-up rounds
            {
                var start = ((round % unrecorded.Length) + unrecorded.Length) % unrecorded.Length;
                var timed = new Dictionary<Setup, TimeSpan>();
                foreach (var setup in unrecorded.Skip(start).Concat(unrecorded.Take(start)).Append(Setup.Database))
                    timed[setup] = await RunAsync(setup);
                if (round >= 0)
                    foreach (var (setup, time) in timed)
                        times[setup].Add(time);
            }
            return new Rounds(times);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
