using System.ComponentModel;

namespace Parsl;

/// <summary>The task of a bash app: builds the command line from the resolved inputs, then runs it.</summary>
/// <typeparam name="TArguments">The pack of the app's inputs.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BashAppTask<TArguments>(
    AppDescriptor app,
    TArguments arguments,
    Func<TArguments, CancellationToken, BashInvocation> invocation,
    Action<CacheKeyBuilder, TArguments>? writeCacheKey)
    : AppTask<TArguments, BashResult>(app, arguments, writeCacheKey)
    where TArguments : IAppArgument
{
    // Built per attempt, inside the retry loop: a body-form app's method runs again on a retry, as in Parsl.
    private protected override BashResult Invoke(CancellationToken cancellationToken)
    {
        var call = invocation(Inputs, cancellationToken);
        return BashRunner.Run(App, TaskId, call.Command, call.Stdout, call.Stderr, cancellationToken);
    }
}
