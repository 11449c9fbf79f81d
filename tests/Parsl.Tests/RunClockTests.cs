using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>The clock of the time the workflow's process ran, on a hand-moved tick source: a pause is left out, even before the timer's next tick sees it.</summary>
public sealed class RunClockTests
{
    [Fact]
    public void A_pause_does_not_count_as_time_run_before_or_after_the_next_tick()
    {
        long now = 5_000;
        using var clock = new RunClock(() => now);
        now += 1_000;
        clock.Tick();
        now += 900;
        Assert.Equal(1_900, clock.Now); // on time: all of it ran

        now += 600_000; // stopped for ten minutes; the timer has not ticked since
        Assert.Equal(2_000, clock.Now); // the tick due came 599.9 s late: counted as paused already
        clock.Tick();
        Assert.Equal(2_000, clock.Now);

        now += 700;
        Assert.Equal(2_700, clock.Now);
    }
}
