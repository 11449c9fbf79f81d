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
        public void Enqueue(T item)
        {
            try
            {
                queue.Enqueue(item);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or TerminatingException)
            {
                // The loop is gone: nobody is listening any more.
            }
        }

        public bool TryDequeue(out T item) => queue.TryDequeue(out item!, TimeSpan.Zero);

        public void Dispose() => queue.Dispose();
    }
}
