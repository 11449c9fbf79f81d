namespace Parsl.Bench;

/// <summary>
/// CPU time the whole machine spent busy (user, nice, system, interrupts), read from <c>/proc/stat</c>: tells launches
/// that cost more CPU beside Parsl (a launcher that busy-waits longer) from launches that only waited longer.
/// </summary>
internal readonly record struct MachineCpu(TimeSpan Busy)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Now; zero where there is no <c>/proc/stat</c>.</summary>
    public static MachineCpu Read()
    {
        if (!OperatingSystem.IsLinux())
            return default;
        // "cpu  user nice system idle iowait irq softirq steal …"
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
        return new MachineCpu(TimeSpan.FromSeconds((Field(1) + Field(2) + Field(3) + Field(6) + Field(7)) / TicksPerSecond));
    }

    public static MachineCpu operator -(MachineCpu after, MachineCpu before) => new(after.Busy - before.Busy);
}
