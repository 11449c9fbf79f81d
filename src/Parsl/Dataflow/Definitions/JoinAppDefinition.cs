using Parsl.Dataflow;

namespace Parsl;

/// <summary>The definition of a join app: its method returns a future, and the app completes when that future does.</summary>
/// <typeparam name="TArguments">The pack of the stub's arguments.</typeparam>
/// <typeparam name="TValues">The resolved arguments.</typeparam>
/// <typeparam name="TResult">The app's result type.</typeparam>
/// <param name="options">The app's metadata.</param>
/// <param name="resolve">Reads the values out of a resolved pack.</param>
/// <param name="invoke">Calls the app's method.</param>
/// <param name="writeKey">Writes the memo key of a cached join app; null otherwise.</param>
/// <param name="codec">Writes and reads the arguments and result for worker processes.</param>
public sealed class JoinAppDefinition<TArguments, TValues, TResult>(
    AppDescriptorOptions options,
    Func<TArguments, TValues> resolve,
    Func<TValues, CancellationToken, AppFuture<TResult>> invoke,
    Action<CacheKeyBuilder, TValues>? writeKey = null,
    AppCodec<TValues, TResult>? codec = null)
    : AppDefinition<TArguments, TValues, TResult>(AppKind.Join, options, resolve, writeKey, codec)
    where TArguments : IAppArgument
{
    internal override void RunTry(AppTask<TArguments, TValues, TResult> task, int number, CancellationToken cancellationToken)
    {
        var inner = invoke(task.Values, cancellationToken)
            ?? throw new InvalidOperationException($"Join app {Descriptor.Id} returned null instead of a future; return the future of the app call it ends with.");
        task.JoinOn(number, inner);
    }

    private protected override TResult Invoke(TValues values, in WorkerCall call) =>
        throw new InvalidOperationException(TransportProblem);
}
