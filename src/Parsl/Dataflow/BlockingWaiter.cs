namespace Parsl.Dataflow;

/// <summary>Blocks a thread until a future completes (for <c>Wait()</c> and <c>Result()</c>).</summary>
internal sealed class BlockingWaiter : IFutureListener
{
    private readonly ManualResetEventSlim _signal = new(false);

    public static bool WaitFor(Dependency future, TimeSpan timeout)
    {
        var waiter = new BlockingWaiter();
        future.AddContinuation(waiter);
        var completed = waiter._signal.Wait(timeout);
        if (completed)
            waiter._signal.Dispose();
        return completed;
    }

    public void OnFutureCompleted(Dependency future) => _signal.Set();
}
