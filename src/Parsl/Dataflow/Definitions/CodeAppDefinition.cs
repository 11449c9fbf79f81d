using Parsl.Dataflow;

namespace Parsl;

/// <summary>The definition of an app whose method is synchronous C#.</summary>
/// <typeparam name="TArguments">The pack of the stub's arguments.</typeparam>
/// <typeparam name="TValues">The resolved arguments.</typeparam>
/// <typeparam name="TResult">The app's result type (<see cref="Unit"/> for void methods).</typeparam>
/// <param name="options">The app's metadata.</param>
/// <param name="resolve">Reads the values out of a resolved pack.</param>
/// <param name="invoke">Calls the app's method.</param>
/// <param name="writeKey">Writes the memo key of a cached app; null otherwise.</param>
/// <param name="codec">Writes and reads the arguments and result for worker processes.</param>
public sealed class CodeAppDefinition<TArguments, TValues, TResult>(
    AppDescriptorOptions options,
    Func<TArguments, TValues> resolve,
    Func<TValues, CancellationToken, TResult> invoke,
    Action<CacheKeyBuilder, TValues>? writeKey = null,
    AppCodec<TValues, TResult>? codec = null)
    : AppDefinition<TArguments, TValues, TResult>(AppKind.Code, options, resolve, writeKey, codec)
    where TArguments : IAppArgument
{
    internal override void RunTry(AppTask<TArguments, TValues, TResult> task, int number, CancellationToken cancellationToken) =>
        task.OnTrySucceeded(number, invoke(task.Values, cancellationToken));

    private protected override TResult Invoke(TValues values, in WorkerCall call) => invoke(values, call.CancellationToken);
}
