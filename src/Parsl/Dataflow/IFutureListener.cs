namespace Parsl;

/// <summary>Something told, without allocation, when a future completes (a task waiting for its inputs).</summary>
internal interface IFutureListener
{
    void OnFutureCompleted(AppFuture future);
}
