using System.ComponentModel;

namespace Parsl;

/// <summary>Generated base for apps whose body is asynchronous (bash apps, <see cref="Task{T}"/>-returning methods).</summary>
/// <typeparam name="T">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class AsyncAppTask<T>(AppDescriptor app) : AppTask<T>(app)
{
    /// <summary>Calls the app's method with the resolved arguments.</summary>
    protected abstract ValueTask<T> ExecuteAsync(CancellationToken cancellationToken);

    // The worker waits for the body: a task holds its executor slot until it finishes, which is what
    // bounds concurrency (e.g. how many bash processes run at once).
    private protected sealed override void RunBody()
    {
        T result;
        try
        {
            var pending = ExecuteAsync(CancellationToken);
            result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            CompleteWith(exception);
            return;
        }
        TrySetResult(result);
    }
}
