namespace Parsl.Dataflow;

/// <summary>
/// The run's time line: milliseconds since the run started (<see cref="CoarseClock"/>, four bytes per task record) and
/// the times of day they stand for. Its own read-only object, apart from the kernel's counters that every task writes:
/// read next to them, it cost the kernel a cache miss per event.
/// </summary>
internal sealed class RunClock
{
    private readonly long _startedUtcTicks = DateTimeOffset.UtcNow.UtcTicks;
    private readonly long _startedTick = CoarseClock.Now;

    /// <summary>Milliseconds since the run started; four bytes reach 49 days.</summary>
    public uint Elapsed => (uint)(CoarseClock.Now - _startedTick);

    /// <summary>Now, as UTC ticks (<see cref="Events.RunEvent.UtcTicks"/>).</summary>
    public long NowTicks => _startedUtcTicks + (CoarseClock.Now - _startedTick) * TimeSpan.TicksPerMillisecond;

    /// <summary>The time of day of an <see cref="Elapsed"/> reading.</summary>
    public DateTimeOffset TimeOf(uint elapsed) => new(_startedUtcTicks + elapsed * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
