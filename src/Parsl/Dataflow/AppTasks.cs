using System.ComponentModel;

namespace Parsl;

/// <summary>
/// Creates and submits the task of one app call; the generated <c>…Async</c> stubs are one call to these, passing the
/// app's descriptor, its packed inputs and a static lambda that calls the app's method.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AppTasks
{
    /// <summary>Submits a call of a synchronous code app.</summary>
    public static AppFuture<TResult> Code<TArguments, TResult>(AppDescriptor app, TArguments arguments,
        Func<TArguments, CancellationToken, TResult> body, CallSite callSite, Action<CacheKeyBuilder, TArguments>? cacheKey = null)
        where TArguments : IAppArgument
        => DataFlowKernel.Submit(new CodeAppTask<TArguments, TResult>(app, arguments, body, cacheKey), callSite);

    /// <summary>Submits a call of an app whose method returns a task.</summary>
    public static AppFuture<TResult> Async<TArguments, TResult>(AppDescriptor app, TArguments arguments,
        Func<TArguments, CancellationToken, ValueTask<TResult>> body, CallSite callSite, Action<CacheKeyBuilder, TArguments>? cacheKey = null)
        where TArguments : IAppArgument
        => DataFlowKernel.Submit(new AsyncAppTask<TArguments, TResult>(app, arguments, body, cacheKey), callSite);

    /// <summary>Submits a call of a join app.</summary>
    public static AppFuture<TResult> Join<TArguments, TResult>(AppDescriptor app, TArguments arguments,
        Func<TArguments, CancellationToken, AppFuture<TResult>> body, CallSite callSite)
        where TArguments : IAppArgument
        => DataFlowKernel.Submit(new JoinAppTask<TArguments, TResult>(app, arguments, body), callSite);

    /// <summary>Submits a call of a bash app.</summary>
    public static AppFuture<BashResult> Bash<TArguments>(AppDescriptor app, TArguments arguments,
        Func<TArguments, CancellationToken, BashInvocation> invocation, CallSite callSite, Action<CacheKeyBuilder, TArguments>? cacheKey = null)
        where TArguments : IAppArgument
        => DataFlowKernel.Submit(new BashAppTask<TArguments>(app, arguments, invocation, cacheKey), callSite);

    /// <summary>Adapts a <see cref="Task"/>-returning body to a result of <see cref="Unit"/>.</summary>
    public static async ValueTask<Unit> AsUnit(Task body)
    {
        await body.ConfigureAwait(false);
        return default;
    }

    /// <summary>Adapts a <see cref="ValueTask"/>-returning body to a result of <see cref="Unit"/>.</summary>
    public static async ValueTask<Unit> AsUnit(ValueTask body)
    {
        await body.ConfigureAwait(false);
        return default;
    }
}
