using System.ComponentModel;

namespace Parsl;

/// <summary>The task of an app whose body is synchronous C#.</summary>
/// <typeparam name="TArguments">The pack of the app's inputs.</typeparam>
/// <typeparam name="TResult">The app's result type (<see cref="Unit"/> for void apps).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CodeAppTask<TArguments, TResult>(
    AppDescriptor app,
    TArguments arguments,
    Func<TArguments, CancellationToken, TResult> body,
    Action<CacheKeyBuilder, TArguments>? writeCacheKey)
    : AppTask<TArguments, TResult>(app, arguments, writeCacheKey)
    where TArguments : IAppArgument
{
    private protected override TResult Invoke(CancellationToken cancellationToken) => body(Inputs, cancellationToken);
}
