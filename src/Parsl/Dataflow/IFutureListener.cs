namespace Parsl.Dataflow;

/// <summary>Something told, without allocation, when a dependency completes (a task waiting for its inputs).</summary>
internal interface IFutureListener
{
    /// <summary>Called once the dependency has completed. Must not throw: a listener fails its own task instead.</summary>
    void OnFutureCompleted(Dependency future);
}
