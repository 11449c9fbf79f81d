using System.Globalization;
using Parsl.Executors;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run on a high-throughput executor with a short heartbeat threshold, for the tests of processes stopped (Ctrl-Z,
/// SIGSTOP, a paused machine) for longer than that: N bash apps, two at a time, each adding a line to
/// <c>started-I</c> (one per run of it) and sleeping 3 s. Prints each outcome, then <c>done</c>.
/// </summary>
public static partial class FrozenRun
{
    [BashApp("echo x >> started-{index} && sleep 3")]
    public static partial BashResult Nap(int index);

    public static async Task RunAsync(int tasks, string thresholdSeconds)
    {
        var threshold = TimeSpan.FromSeconds(double.Parse(thresholdSeconds, CultureInfo.InvariantCulture));
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors =
            [
                new HighThroughputExecutor("htex")
                {
                    MaxWorkersPerNode = 2,
                    HeartbeatPeriod = threshold / 3,
                    HeartbeatThreshold = threshold,
                },
            ],
        });
        var naps = Enumerable.Range(0, tasks).Select(i => NapAsync(i)).ToList();
        for (var i = 0; i < tasks; i++)
        {
            try
            {
                await naps[i];
                Console.Out.WriteLine($"nap {i}: ok");
            }
            catch (Exception exception)
            {
                Console.Out.WriteLine($"nap {i}: {exception.GetType().Name}: {exception.Message}");
            }
        }
        Console.Out.WriteLine("done");
    }
}
