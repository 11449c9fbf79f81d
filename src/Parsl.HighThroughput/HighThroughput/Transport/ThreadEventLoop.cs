using System.Collections.Concurrent;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// An event loop of plain .NET parts: a thread that sleeps (spinning first only while messages come quickly:
/// <see cref="Doorbell"/>) until an inbox is filled or a timer is due. For transports that read and write on the thread
/// pool and hand over what arrived through an inbox (gRPC).
/// </summary>
internal sealed class ThreadEventLoop : IEventLoop
{
    private readonly Doorbell _wake = new();
    private readonly List<IReadySource> _inboxes = [];
    private readonly List<LoopTimer> _timers = [];
    private readonly ManualResetEventSlim _ended = new(initialState: true);
    private volatile bool _stopping;
    private Thread? _thread;

    public ILoopInbox<T> AddInbox<T>(Action onReady)
    {
        var inbox = new Inbox<T>(this, onReady);
        _inboxes.Add(inbox);
        return inbox;
    }

    public void AddTimer(TimeSpan period, Action onTick) =>
        _timers.Add(new LoopTimer((long)period.TotalMilliseconds, Environment.TickCount64 + (long)period.TotalMilliseconds, onTick));

    public void RunInBackground(string threadName)
    {
        _ended.Reset();
        _thread = new Thread(RunUntilStopped) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    public void Run()
    {
        _ended.Reset();
        _thread = Thread.CurrentThread;
        RunUntilStopped();
    }

    private void RunUntilStopped()
    {
        try
        {
            while (!_stopping)
            {
                _wake.Wait(MillisecondsToNextTimer());
                // Indexed: a handler may add an inbox (a link attached while the loop runs).
                for (var i = 0; i < _inboxes.Count && !_stopping; i++)
                {
                    if (_inboxes[i].TakeSignal())
                        _inboxes[i].OnReady();
                }
                RunDueTimers();
            }
        }
        finally
        {
            _ended.Set();
        }
    }

    private int MillisecondsToNextTimer()
    {
        if (_timers.Count == 0)
            return Timeout.Infinite;
        var now = Environment.TickCount64;
        var next = long.MaxValue;
        foreach (var timer in _timers)
            next = Math.Min(next, timer.Due);
        return (int)Math.Clamp(next - now, 0, int.MaxValue);
    }

    private void RunDueTimers()
    {
        for (var i = 0; i < _timers.Count && !_stopping; i++)
        {
            var timer = _timers[i];
            var now = Environment.TickCount64;
            if (timer.Due > now)
                continue;
            // The next tick is a period after this one ran, as a NetMQ timer's: a slow handler is not called back to back.
            timer.Due = now + timer.Period;
            timer.OnTick();
        }
    }

    public void Stop()
    {
        _stopping = true;
        _wake.Ring();
    }

    public void Dispose()
    {
        Stop();
        if (_thread is { } thread && thread != Thread.CurrentThread)
            _ended.Wait();
    }

    private interface IReadySource
    {
        bool TakeSignal();

        void OnReady();
    }

    private sealed class LoopTimer(long period, long due, Action onTick)
    {
        public long Period { get; } = period;

        public long Due { get; set; } = due;

        public Action OnTick { get; } = onTick;
    }

    private sealed class Inbox<T>(ThreadEventLoop loop, Action onReady) : ILoopInbox<T>, IReadySource
    {
        private readonly ConcurrentQueue<T> _items = new();
        private int _signalled;

        public void Enqueue(T item)
        {
            _items.Enqueue(item);
            // One wake-up covers every item queued before the loop takes the signal.
            if (Interlocked.Exchange(ref _signalled, 1) == 0)
                loop._wake.Ring();
        }

        public bool TryDequeue(out T item) => _items.TryDequeue(out item!);

        public bool TakeSignal() => Interlocked.Exchange(ref _signalled, 0) == 1;

        public void OnReady() => onReady();

        // A plain queue holds nothing to release; items enqueued after the loop is gone are never read.
        public void Dispose()
        {
        }
    }
}
