namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A monotonic clock of the time this process ran, in milliseconds: what it could not run (stopped by Ctrl-Z or
/// SIGSTOP, a suspended laptop, a paused virtual machine) is left out. A one-second timer measures how late it comes
/// (as <see cref="PauseMeter"/> does), and a reading between two ticks counts the lateness of the tick due already,
/// so the first look after a pause, which may come before the timer's, does not take the pause for time run.
/// </summary>
internal sealed class RunClock : IDisposable
{
    private const long Period = 1000;
    private readonly Lock _lock = new();
    private readonly Func<long> _ticks;
    private readonly Timer? _timer;
    private readonly long _start;
    private long _lastTick;
    private long _paused;

    public RunClock()
        : this(static () => Environment.TickCount64)
    {
        _timer = new Timer(static clock => ((RunClock)clock!).Tick(), this, Period, Period);
    }

    /// <summary>A clock on <paramref name="ticks"/> (milliseconds), ticked by hand: for tests.</summary>
    internal RunClock(Func<long> ticks)
    {
        _ticks = ticks;
        _start = _lastTick = ticks();
    }

    /// <summary>Milliseconds this process ran since the clock was made.</summary>
    public long Now
    {
        get
        {
            lock (_lock)
            {
                var now = _ticks();
                return now - _start - _paused - Late(now);
            }
        }
    }

    internal void Tick()
    {
        lock (_lock)
        {
            var now = _ticks();
            _paused += Late(now);
            _lastTick = now;
        }
    }

    private long Late(long now) => Math.Max(0, now - _lastTick - Period);

    public void Dispose() => _timer?.Dispose();
}
