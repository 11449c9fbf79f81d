using NetMQ;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The NetMQ transport's loop: a <see cref="NetMQPoller"/>, which waits on its sockets, queues and timers at once, so a
/// ZeroMQ socket is read on the thread that owns it.
/// </summary>
internal sealed class NetMqEventLoop : IEventLoop
{
    private readonly NetMQPoller _poller = new();
    private readonly List<IDisposable> _owned = [];

    /// <summary>Adds a socket of this transport; its handler is the socket's own <c>ReceiveReady</c>.</summary>
    public void Add(ISocketPollable socket) => _poller.Add(socket);

    public ILoopInbox<T> AddInbox<T>(Action onReady)
    {
        var queue = new NetMQQueue<T>();
        queue.ReceiveReady += (_, _) => onReady();
        _poller.Add(queue);
        var inbox = new Inbox<T>(queue);
        _owned.Add(inbox);
        return inbox;
    }

    public void AddTimer(TimeSpan period, Action onTick)
    {
        var timer = new NetMQTimer(period);
        timer.Elapsed += (_, _) => onTick();
        _poller.Add(timer);
    }

    public void Run() => _poller.Run();

    public void RunInBackground(string threadName) => _poller.RunAsync(threadName, isBackgroundThread: true);

    public void Stop() => _poller.StopAsync();

    public void Dispose()
    {
        if (_poller.IsRunning)
            _poller.Stop();
        _poller.Dispose();
        foreach (var owned in _owned)
            owned.Dispose();
    }

    private sealed class Inbox<T>(NetMQQueue<T> queue) : ILoopInbox<T>
    {
        // A NetMQQueue enqueued to after its disposal can block for ever (its socket waits for commands that never come):
        // the gate makes "dropped once disposed" hold, as a worker's pipe thread may still report while its manager stops.
        private readonly Lock _gate = new();
        private bool _disposed;

        public void Enqueue(T item)
        {
            lock (_gate)
            {
                if (_disposed)
                    return;
                try
                {
                    queue.Enqueue(item);
                }
                catch (TerminatingException)
                {
                    // The process's NetMQ context is ending: nobody is listening any more.
                }
            }
        }

        public bool TryDequeue(out T item) => queue.TryDequeue(out item!, TimeSpan.Zero);

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                queue.Dispose();
            }
        }
    }
}
