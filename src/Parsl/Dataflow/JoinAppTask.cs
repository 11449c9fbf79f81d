using System.ComponentModel;

namespace Parsl;

/// <summary>The task of a join app: the body returns a future and the app completes when it does.</summary>
/// <typeparam name="TArguments">The pack of the app's inputs.</typeparam>
/// <typeparam name="TResult">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JoinAppTask<TArguments, TResult>(
    AppDescriptor app,
    TArguments arguments,
    Func<TArguments, CancellationToken, AppFuture<TResult>> body)
    : AppTask<TArguments, TResult>(app, arguments, writeCacheKey: null) // a join app has no memo key of its own
    where TArguments : IAppArgument
{
    private protected override TResult Invoke(CancellationToken cancellationToken) =>
        throw new NotSupportedException("Join apps complete through the future their body returns.");

    private protected override void RunBody()
    {
        AppFuture<TResult> inner;
        try
        {
            inner = body(Inputs, CancellationToken)
                ?? throw new InvalidOperationException($"Join app {App.Id} returned null instead of a future.");
        }
        catch (Exception exception)
        {
            CompleteWith(exception, CancellationToken);
            return;
        }
        inner.AddContinuation(new InnerCompletion(this));
    }

    private sealed class InnerCompletion(JoinAppTask<TArguments, TResult> join) : IFutureListener
    {
        public void OnFutureCompleted(AppFuture future)
        {
            var inner = (AppFuture<TResult>)future;
            if (inner.IsCompletedSuccessfully)
                join.TrySetResult(inner.GetCompletedResult());
            else
                join.TryFail(inner.State == TaskState.Cancelled ? TaskState.Cancelled : TaskState.Failed, inner.Exception!);
        }
    }
}
