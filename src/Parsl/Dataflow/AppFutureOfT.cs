using System.Diagnostics;
using Parsl.Dataflow;

namespace Parsl;

/// <summary>The future of a task that produces a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The app's result type.</typeparam>
public abstract class AppFuture<T> : AppFuture
{
    private protected T _result = default!;

    private protected AppFuture(AppDescriptor app) : base(app) { }

    /// <summary>Blocks until the task completes and returns its result, or throws its exception.</summary>
    public T Result()
    {
        if (!IsCompleted)
            BlockingWaiter.WaitFor(this, Timeout.InfiniteTimeSpan);
        return GetCompletedResult();
    }

    /// <summary>Blocks at most <paramref name="timeout"/> for the result.</summary>
    /// <exception cref="TimeoutException">The task did not complete in time.</exception>
    public T Result(TimeSpan timeout)
    {
        if (!IsCompleted && !BlockingWaiter.WaitFor(this, timeout))
            throw new TimeoutException($"Task {TaskId} ({App.Id}) did not complete within {timeout}; it is {State}.");
        return GetCompletedResult();
    }

    /// <summary>Awaits the result.</summary>
    public new FutureAwaiter<T> GetAwaiter() => new(this);

    /// <summary>A <see cref="Task{T}"/> that completes with this future.</summary>
    public new Task<T> AsTask()
    {
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddContinuation(new ResultForwarder(source));
        return source.Task;
    }

    internal override object? RecordedResult => IsCompletedSuccessfully ? _result : null;

    internal T GetCompletedResult()
    {
        Debug.Assert(IsCompleted, "the result is read only after completion");
        ThrowIfFailed();
        return _result;
    }

    /// <summary>Completes the future with a result, unless it is already completing.</summary>
    internal bool TrySetResult(T result)
    {
        if (!TryClaimCompletion())
            return false;
        _result = result;
        PublishResult();
        return true;
    }

    /// <summary>Makes a claimed result visible; a cached task first hands it to the checkpoint.</summary>
    private protected virtual void PublishResult() => Publish(TaskState.Done, null);

    private sealed class ResultForwarder(TaskCompletionSource<T> source) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future)
        {
            switch (future.Exception)
            {
                case null: source.TrySetResult(((AppFuture<T>)future)._result); break;
                case OperationCanceledException: source.TrySetCanceled(); break;
                case var exception: source.TrySetException(exception); break;
            }
        }
    }
}
