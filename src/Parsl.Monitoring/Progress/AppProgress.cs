namespace Parsl.Monitoring;

/// <summary>One app's tasks by state, counted as events arrive (from any thread) and read by the view's own thread.</summary>
internal sealed class AppProgress(string app)
{
    private int _pending, _running, _done, _failed, _cached;

    public string App { get; } = app;

    public int Pending => Volatile.Read(ref _pending);

    public int Running => Volatile.Read(ref _running);

    public int Done => Volatile.Read(ref _done);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Of <see cref="Done"/> and <see cref="Failed"/>, those answered from the memo table or a checkpoint.</summary>
    public int Cached => Volatile.Read(ref _cached);

    public void Submitted() => Interlocked.Increment(ref _pending);

    public void Started()
    {
        Interlocked.Decrement(ref _pending);
        Interlocked.Increment(ref _running);
    }

    /// <summary>Back to waiting: a failed try that will be retried.</summary>
    public void Retrying()
    {
        Interlocked.Decrement(ref _running);
        Interlocked.Increment(ref _pending);
    }

    public void FromCache() => Interlocked.Increment(ref _cached);

    public void Completed(bool wasRunning, bool succeeded)
    {
        if (wasRunning)
            Interlocked.Decrement(ref _running);
        else
            Interlocked.Decrement(ref _pending);
        if (succeeded)
            Interlocked.Increment(ref _done);
        else
            Interlocked.Increment(ref _failed);
    }
}
