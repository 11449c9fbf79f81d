using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Parsl;

/// <summary>
/// The future of one task: a proxy for a result that may not exist yet. Awaitable, blocking-waitable with
/// <see cref="Wait()"/>, and accepted as an argument by every app stub so that dependencies form the task graph.
/// </summary>
/// <remarks>
/// One object per task: the future is also the kernel's record of the task (id, app, state), which keeps
/// a million pending tasks cheap. Continuations are stored without a lock in the common single-waiter
/// case, in the manner of <see cref="Task"/>.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public abstract class AppFuture
{
    private static readonly object s_completed = new();

    // null, one continuation (an IFutureListener or an Action), a List<object>, or s_completed.
    private object? _continuation;
    private int _state;
    private int _completionClaimed;
    private Exception? _exception;

    private protected AppFuture(AppDescriptor app) => App = app;

    /// <summary>The app this task runs.</summary>
    public AppDescriptor App { get; }

    /// <summary>The task's id within its run; 0 until submitted.</summary>
    public long TaskId { get; private protected set; }

    /// <summary>Where the workflow called the app.</summary>
    public CallSite CallSite { get; private protected set; }

    /// <summary>True when the result came from the memo table (an identical earlier or concurrent call, or a checkpoint) instead of a run.</summary>
    public bool FromCache { get; private protected set; }

    /// <summary>The task's current state.</summary>
    public TaskState State => (TaskState)Volatile.Read(ref _state);

    /// <summary>True once the task is done, failed, dependency-failed or cancelled.</summary>
    public bool IsCompleted => Volatile.Read(ref _state) >= (int)TaskState.Done;

    /// <summary>True once the task has a result.</summary>
    public bool IsCompletedSuccessfully => Volatile.Read(ref _state) == (int)TaskState.Done;

    /// <summary>Why the task failed, or null while it has not failed.</summary>
    public Exception? Exception => IsCompleted ? _exception : null;

    private protected DataFlowKernel? Kernel { get; set; }

    /// <summary>Blocks until the task completes; throws its exception if it failed.</summary>
    public void Wait()
    {
        if (!IsCompleted)
            BlockingWaiter.WaitFor(this, Timeout.InfiniteTimeSpan);
        ThrowIfFailed();
    }

    /// <summary>Blocks until the task completes or the timeout passes; throws its exception if it failed.</summary>
    /// <returns>False when the timeout passed first.</returns>
    public bool Wait(TimeSpan timeout)
    {
        if (!IsCompleted && !BlockingWaiter.WaitFor(this, timeout))
            return false;
        ThrowIfFailed();
        return true;
    }

    /// <summary>
    /// Cancels the task: one not yet started never starts; a running one is completed as cancelled at once (a bash
    /// app's processes are killed, an app taking a <see cref="CancellationToken"/> sees it cancelled). Tasks that depend
    /// on it fail with a <see cref="DependencyFailedException"/> whose root cause is the cancellation.
    /// </summary>
    /// <returns>False when the task had already completed.</returns>
    public bool Cancel() => !IsCompleted && TryCancel();

    private protected virtual bool TryCancel() =>
        TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled by Cancel()."));

    /// <summary>Awaits completion without the result; throws the task's exception if it failed.</summary>
    public FutureAwaiter GetAwaiter() => new(this);

    /// <summary>A <see cref="System.Threading.Tasks.Task"/> that completes with this future, for <c>Task.WhenAll</c> and friends.</summary>
    public Task AsTask()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AddContinuation(new TaskCompletionForwarder(source));
        return source.Task;
    }

    /// <inheritdoc />
    public override string ToString() => $"task {TaskId} ({App.Id}): {State}";

    internal void ThrowIfFailed()
    {
        Debug.Assert(IsCompleted);
        if (_exception is { } exception)
            ExceptionDispatchInfo.Throw(exception);
    }

    internal bool TryMarkRunning() =>
        Interlocked.CompareExchange(ref _state, (int)TaskState.Running, (int)TaskState.Launched) == (int)TaskState.Launched;

    internal bool TryMarkLaunched() =>
        Interlocked.CompareExchange(ref _state, (int)TaskState.Launched, (int)TaskState.Pending) == (int)TaskState.Pending;

    /// <summary>Claims the single right to complete this future; the winner then stores the outcome and calls <see cref="Publish"/>.</summary>
    private protected bool TryClaimCompletion() => Interlocked.Exchange(ref _completionClaimed, 1) == 0;

    private protected void Publish(TaskState terminalState, Exception? exception)
    {
        Debug.Assert(terminalState >= TaskState.Done);
        _exception = exception;
        Volatile.Write(ref _state, (int)terminalState);
        OnCompleted();
        RunContinuations();
    }

    /// <summary>Completes a claimed future with a failure.</summary>
    internal bool TryFail(TaskState terminalState, Exception exception)
    {
        if (!TryClaimCompletion())
            return false;
        Publish(terminalState, exception);
        return true;
    }

    /// <summary>Called once, after the outcome is visible and before continuations run.</summary>
    private protected virtual void OnCompleted() { }

    internal void AddContinuation(object continuation)
    {
        Debug.Assert(continuation is IFutureListener or Action);
        if (Interlocked.CompareExchange(ref _continuation, continuation, null) is null)
            return;
        AddContinuationSlow(continuation);
    }

    private void AddContinuationSlow(object continuation)
    {
        while (true)
        {
            var current = Volatile.Read(ref _continuation);
            if (ReferenceEquals(current, s_completed))
            {
                Invoke(continuation);
                return;
            }
            if (current is List<object> list)
            {
                lock (list)
                {
                    // The completer swaps the field before taking this lock, so a list still in place is still live.
                    if (ReferenceEquals(Volatile.Read(ref _continuation), list))
                    {
                        list.Add(continuation);
                        return;
                    }
                }
                continue;
            }
            if (current is null)
            {
                if (Interlocked.CompareExchange(ref _continuation, continuation, null) is null)
                    return;
                continue;
            }
            var grown = new List<object>(4) { current, continuation };
            if (ReferenceEquals(Interlocked.CompareExchange(ref _continuation, grown, current), current))
                return;
        }
    }

    private void RunContinuations()
    {
        var current = Interlocked.Exchange(ref _continuation, s_completed);
        if (current is null)
            return;
        if (current is List<object> list)
        {
            lock (list) { } // wait out an add that saw the list before the swap
            foreach (var continuation in list)
                Invoke(continuation);
            return;
        }
        Invoke(current);
    }

    private void Invoke(object continuation)
    {
        if (continuation is IFutureListener listener)
        {
            listener.OnFutureCompleted(this);
            return;
        }
        // Await continuations are user code: never run them on an executor's worker thread. During a
        // Ctrl-C shutdown they are dropped, so the user's code does not race the kernel's orderly exit.
        if (Kernel?.IsExitingOnSignal == true)
            return;
        ThreadPool.UnsafeQueueUserWorkItem(static action => action(), (Action)continuation, preferLocal: false);
    }

    private sealed class TaskCompletionForwarder(TaskCompletionSource source) : IFutureListener
    {
        public void OnFutureCompleted(AppFuture future)
        {
            switch (future._exception)
            {
                case null: source.TrySetResult(); break;
                case OperationCanceledException: source.TrySetCanceled(); break;
                case var exception: source.TrySetException(exception); break;
            }
        }
    }
}
