namespace Parsl.Executors;

/// <summary>
/// Runs tasks whose inputs are ready. The kernel knows executors only through this interface; which one runs a
/// task is chosen by label (see <see cref="AppAttribute.Executors"/>).
/// </summary>
public interface IExecutor : IAsyncDisposable
{
    /// <summary>The label apps pin to, unique within a config.</summary>
    string Label { get; }

    /// <summary>Starts workers (threads, processes, or blocks from a provider).</summary>
    ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken);

    /// <summary>Queues a task; returns at once. The task completes its own future when it has run.</summary>
    void Submit(IExecutorTask task);
}
