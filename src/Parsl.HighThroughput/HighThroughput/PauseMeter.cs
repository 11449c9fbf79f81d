namespace Parsl.Executors.HighThroughput;

/// <summary>
/// How long this process could not run between two ticks of a periodic timer — stopped by Ctrl-Z or SIGSTOP, in a
/// paused virtual machine, starved of CPU: the tick's lateness beyond its period. The interchange and the managers
/// forgive a peer that much silence: whatever the peer sent meanwhile waited, unread, in this process's sockets, so a
/// process that was stopped itself must not declare the others gone the moment it runs again.
/// </summary>
internal sealed class PauseMeter(TimeSpan period)
{
    private readonly long _period = (long)period.TotalMilliseconds;
    private long _lastTick = Environment.TickCount64;

    /// <summary>Called on each tick: the milliseconds by which the wait since the last one passed the period (0 if none).</summary>
    public long Tick()
    {
        var now = Environment.TickCount64;
        var paused = Math.Max(0, now - _lastTick - _period);
        _lastTick = now;
        return paused;
    }

    /// <summary>When a peer was last heard, moved on by <paramref name="paused"/> (never past now).</summary>
    public static long Forgive(long lastHeard, long paused) => Math.Min(Environment.TickCount64, lastHeard + paused);
}
