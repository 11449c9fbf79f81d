using System.ComponentModel;

namespace Parsl;

/// <summary>The task of an app whose body is asynchronous (<see cref="Task{T}"/> or <see cref="ValueTask{T}"/>).</summary>
/// <typeparam name="TArguments">The pack of the app's inputs.</typeparam>
/// <typeparam name="TResult">The app's result type (<see cref="Unit"/> for <see cref="Task"/>).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class AsyncAppTask<TArguments, TResult>(
    AppDescriptor app,
    TArguments arguments,
    Func<TArguments, CancellationToken, ValueTask<TResult>> body,
    Action<CacheKeyBuilder, TArguments>? writeCacheKey)
    : AppTask<TArguments, TResult>(app, arguments, writeCacheKey)
    where TArguments : IAppArgument
{
    // The worker waits for the body: a task holds its executor slot until it finishes, which is what bounds
    // concurrency, as for synchronous apps.
    private protected override TResult Invoke(CancellationToken cancellationToken)
    {
        var pending = body(Inputs, cancellationToken);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
