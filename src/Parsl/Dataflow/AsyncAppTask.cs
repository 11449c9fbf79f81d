using System.ComponentModel;

namespace Parsl;

/// <summary>Generated base for apps whose body is asynchronous (bash apps, <see cref="Task{T}"/>-returning methods).</summary>
/// <typeparam name="T">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class AsyncAppTask<T>(AppDescriptor app) : AppTask<T>(app)
{
    /// <summary>Calls the app's method with the resolved arguments.</summary>
    protected abstract ValueTask<T> ExecuteAsync(CancellationToken cancellationToken);

    // The worker waits for the body: a task holds its executor slot until it finishes, which is what bounds
    // concurrency, as for synchronous apps.
    private protected sealed override T Invoke(CancellationToken cancellationToken)
    {
        var pending = ExecuteAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
