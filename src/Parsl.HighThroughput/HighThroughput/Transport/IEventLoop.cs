namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The one thread an interchange or a manager does all its work on: inboxes other threads fill, timers, and (attached by
/// the transport that made the loop) the transport's own arrivals. Each transport brings the loop that serves its
/// sockets best (<see cref="ITransport.CreateLoop"/>), so nothing above the seam names a messaging library.
/// </summary>
internal interface IEventLoop : IDisposable
{
    /// <summary>
    /// A queue any thread may add to; <paramref name="onReady"/> runs on the loop's thread when it has items, and takes
    /// them all. Added before the loop runs, or from its own thread (as a link attaches while its manager starts).
    /// </summary>
    ILoopInbox<T> AddInbox<T>(Action onReady);

    /// <summary>Runs <paramref name="onTick"/> on the loop's thread every <paramref name="period"/>; added before the loop runs.</summary>
    void AddTimer(TimeSpan period, Action onTick);

    /// <summary>Runs the loop on the calling thread until <see cref="Stop"/>.</summary>
    void Run();

    /// <summary>Runs the loop on a background thread of its own, named <paramref name="threadName"/>.</summary>
    void RunInBackground(string threadName);

    /// <summary>Asks the loop to stop after the handler it runs; from any thread, without waiting.</summary>
    void Stop();
}
