using System.ComponentModel;

namespace Parsl;

/// <summary>Generated base for join apps: the body returns a future and the app completes when it does.</summary>
/// <typeparam name="T">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JoinAppTask<T>(AppDescriptor app) : AppTask<T>(app)
{
    /// <summary>Calls the app's method with the resolved arguments.</summary>
    protected abstract AppFuture<T> ExecuteJoin(CancellationToken cancellationToken);

    private protected sealed override T Invoke(CancellationToken cancellationToken) =>
        throw new NotSupportedException("Join apps complete through the future their body returns.");

    private protected sealed override void RunBody()
    {
        AppFuture<T> inner;
        try
        {
            inner = ExecuteJoin(CancellationToken)
                ?? throw new InvalidOperationException($"Join app {App.Id} returned null instead of a future.");
        }
        catch (Exception exception)
        {
            CompleteWith(exception, CancellationToken);
            return;
        }
        inner.AddContinuation(new InnerCompletion(this));
    }

    private sealed class InnerCompletion(JoinAppTask<T> join) : IFutureListener
    {
        public void OnFutureCompleted(AppFuture future)
        {
            var inner = (AppFuture<T>)future;
            if (inner.IsCompletedSuccessfully)
                join.TrySetResult(inner.GetCompletedResult());
            else
                join.TryFail(inner.State == TaskState.Cancelled ? TaskState.Cancelled : TaskState.Failed, inner.Exception!);
        }
    }
}
