using Parsl.Dataflow;

namespace Parsl;

/// <summary>The definition of an app whose method returns a <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
/// <typeparam name="TArguments">The pack of the stub's arguments.</typeparam>
/// <typeparam name="TValues">The resolved arguments.</typeparam>
/// <typeparam name="TResult">The app's result type (<see cref="Unit"/> for a plain task).</typeparam>
/// <param name="options">The app's metadata.</param>
/// <param name="resolve">Reads the values out of a resolved pack.</param>
/// <param name="invoke">Calls the app's method.</param>
/// <param name="writeKey">Writes the memo key of a cached app; null otherwise.</param>
/// <param name="codec">Writes and reads the arguments and result for worker processes.</param>
public sealed class AsyncAppDefinition<TArguments, TValues, TResult>(
    AppDescriptorOptions options,
    Func<TArguments, TValues> resolve,
    Func<TValues, CancellationToken, ValueTask<TResult>> invoke,
    Action<CacheKeyBuilder, TValues>? writeKey = null,
    AppCodec<TValues, TResult>? codec = null)
    : AppDefinition<TArguments, TValues, TResult>(AppKind.Code, options, resolve, writeKey, codec)
    where TArguments : IAppArgument
{
    // The worker waits for the body: a try holds its executor slot until it finishes, which is what bounds
    // concurrency, as for synchronous apps.
    internal override void RunTry(AppTask<TArguments, TValues, TResult> task, int number, CancellationToken cancellationToken)
    {
        var pending = invoke(task.Values, cancellationToken);
        task.OnTrySucceeded(number, pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult());
    }

    private protected override TResult Invoke(TValues values, in WorkerCall call) => invoke(values, call.CancellationToken).AsTask().GetAwaiter().GetResult();
}
