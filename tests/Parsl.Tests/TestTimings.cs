using System.Globalization;

namespace Parsl.Tests;

/// <summary>
/// Timing settings for tests, sized for how busy this machine is now: a heartbeat threshold shorter than a loaded
/// two-core machine's scheduling delays declares healthy managers lost, and the test then proves the machine's speed,
/// not the behaviour.
/// </summary>
internal static class TestTimings
{
    /// <summary>How many times over its cores the machine is loaded (one-minute load average), and at least 1.</summary>
    public static double LoadFactor
    {
        get
        {
            try
            {
                var average = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
                return Math.Max(1, average / Environment.ProcessorCount);
            }
            catch (IOException)
            {
                return 1;
            }
        }
    }

    /// <summary>A heartbeat threshold for tests that do not test heartbeats: no busy machine's delays come near it.</summary>
    public static TimeSpan HeartbeatThreshold => Scaled(TimeSpan.FromSeconds(10));

    /// <summary>A heartbeat threshold for tests that freeze a manager: short enough that the loss is found while the test
    /// waits, stretched on a busy machine (a false alarm only replaces a block, and its tries run again).</summary>
    public static TimeSpan FrozenManagerThreshold => Scaled(TimeSpan.FromSeconds(3));

    /// <summary>How often managers and interchange beat, well under any threshold above.</summary>
    public static TimeSpan HeartbeatPeriod => TimeSpan.FromMilliseconds(500);

    /// <summary><paramref name="quiet"/>, the time a step takes on a quiet machine, stretched by the load.</summary>
    public static TimeSpan Scaled(TimeSpan quiet) => quiet * LoadFactor;
}
