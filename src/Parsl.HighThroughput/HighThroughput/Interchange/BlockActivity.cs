namespace Parsl.Executors.HighThroughput;

/// <summary>What one block is doing, as the scaling strategy needs it: written on the interchange's thread, read on the scaling timer's.</summary>
internal sealed class BlockActivity
{
    private int _running;
    private int _workers;
    private long _idleSinceTicks = DateTimeOffset.UtcNow.UtcTicks;

    /// <summary>Tries its managers hold now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Workers of its connected managers.</summary>
    public int Workers => Volatile.Read(ref _workers);

    /// <summary>Whether a manager of the block ever connected (a block that never does is a failed start).</summary>
    public bool EverConnected { get; private set; }

    /// <summary>Since when it has held nothing, or null while busy.</summary>
    public DateTimeOffset? IdleSince => Running > 0 ? null : new DateTimeOffset(Interlocked.Read(ref _idleSinceTicks), TimeSpan.Zero);

    public void Connected(int workers)
    {
        EverConnected = true;
        Interlocked.Add(ref _workers, workers);
    }

    public void Disconnected(int workers) => Interlocked.Add(ref _workers, -workers);

    public void TaskStarted() => Interlocked.Increment(ref _running);

    public void TaskEnded()
    {
        if (Interlocked.Decrement(ref _running) == 0)
            Interlocked.Exchange(ref _idleSinceTicks, DateTimeOffset.UtcNow.UtcTicks);
    }
}
