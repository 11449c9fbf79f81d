using System.Diagnostics;
using Parsl.Executors;
using Parsl.Executors.HighThroughput;
using Parsl.Scaling;

namespace Parsl.Bench.Protocol;

/// <summary>The interchange's own throughput, with no worker time in the figure.</summary>
internal static class InterchangeScenario
{
    /// <summary>The interchange's transport (<c>--transport grpc|netmq</c>).</summary>
    public static HtexTransport Transport { get; set; } = new HighThroughputExecutor().Transport;

    /// <summary>
    /// One interchange serving <paramref name="managers"/> stand-in managers of 64 slots each (in this process, over the
    /// real transport): N no-op tries through the interchange's dispatch and bookkeeping. Also how evenly it spread
    /// them: the fewest and most tries one stand-in got, and their coefficient of variation.
    /// </summary>
    public static Func<long, int, Task<Measurement>> Managers(string name, int managers) => (n, runs) => ManagersAsync(name, managers, n, runs);

    private static async Task<Measurement> ManagersAsync(string name, int managers, long n, int runs)
    {
        const int slots = 64;
        var htex = new HighThroughputExecutor("htex")
        {
            Transport = Transport,
            Provider = new NoBlocksProvider(),
            Scaling = new BlockScaling { InitBlocks = 0, MinBlocks = 0, MaxBlocks = 1 },
            HeartbeatPeriod = TimeSpan.FromSeconds(30),
            HeartbeatThreshold = TimeSpan.FromMinutes(5),
        };
        var runDirectory = Path.Combine(Path.GetTempPath(), "parsl-bench-runinfo");
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig { Executors = [htex], RunDirectory = runDirectory });
        var secret = RunSecret.ReadFrom(Path.Combine(kernel.RunDirectory, "htex", "htex", "secret"));
        using var standIns = new StandInManagers(managers, slots, htex.InterchangePort!.Value, secret);
        var connecting = Stopwatch.StartNew();
        while (standIns.Welcomed < managers)
        {
            if (connecting.Elapsed > TimeSpan.FromMinutes(2))
                throw new InvalidOperationException($"only {standIns.Welcomed} of {managers} stand-in managers registered");
            await Task.Delay(50);
        }
        var times = await Runs.RepeatAsync(runs, async () =>
        {
            for (var i = 0; i < n; i++)
                _ = ProtocolApps.NoopAsync();
            await kernel.WaitForCurrentTasksAsync();
        });
        var received = standIns.Received;
        var mean = received.Average();
        var deviation = Math.Sqrt(received.Average(count => (count - mean) * (count - mean)));
        return new Measurement(name, n, times) with
        {
            Labels = new Dictionary<string, string> { ["transport"] = Transport.ToString().ToLowerInvariant(), ["provider"] = "none" },
            Extra = new Dictionary<string, double>
            {
                ["managers"] = managers, ["slots_per_manager"] = slots, ["connect_s"] = connecting.Elapsed.TotalSeconds,
                ["load_min"] = received.Min(), ["load_max"] = received.Max(), ["load_cv"] = mean > 0 ? deviation / mean : 0,
            },
        };
    }
}
