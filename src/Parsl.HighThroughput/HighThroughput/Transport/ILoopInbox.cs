namespace Parsl.Executors.HighThroughput;

/// <summary>A queue of an <see cref="IEventLoop"/>: filled from any thread, emptied on the loop's.</summary>
internal interface ILoopInbox<T> : IDisposable
{
    /// <summary>Adds an item and wakes the loop; from any thread. Once the loop is disposed, items are dropped: nobody listens any more.</summary>
    void Enqueue(T item);

    /// <summary>The next item, if any; on the loop's thread.</summary>
    bool TryDequeue(out T item);
}
