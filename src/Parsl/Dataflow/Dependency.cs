using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Parsl.Dataflow;

namespace Parsl;

/// <summary>
/// Something a task can wait for: today the future of another app; later the future of an output file or a staging
/// task. It completes once, with success or an exception, and then tells everything waiting for it.
/// </summary>
/// <remarks>
/// Continuations are stored like <see cref="Task"/>'s: one object without a lock in the common single-waiter case, a
/// list under its own lock when there are several. Completions that a continuation causes are not run inside it but
/// queued on the completing thread and run after it returns, so a chain of a million dependents that fails or is
/// cancelled at its head unwinds in a loop, never as a million nested calls.
/// </remarks>
public abstract class Dependency
{
    private static readonly object s_completed = new();

    // Completions caused while this thread is already running continuations; drained by the outermost one.
    [ThreadStatic] private static Queue<Dependency>? t_deferred;
    [ThreadStatic] private static bool t_runningContinuations;

    // null, one continuation (an IFutureListener or an Action), a List<object>, or s_completed.
    private object? _continuation;
    // Open, claimed by the one caller that completes it, then completed: one field, as a million pending tasks count bytes.
    private int _completion;
    private const int Open = 0, Claimed = 1, Completed = 2;
    // The failure, captured once, so awaiting a failed future many times does not grow the shared exception's stack trace.
    private ExceptionDispatchInfo? _failure;

    private protected Dependency() { }

    /// <summary>True once it has completed, successfully or not.</summary>
    public bool IsCompleted => Volatile.Read(ref _completion) == Completed;

    /// <summary>True once it has completed without an exception.</summary>
    public bool IsCompletedSuccessfully => IsCompleted && _failure is null;

    /// <summary>Why it failed, or null while it has not failed.</summary>
    public Exception? Exception => IsCompleted ? _failure?.SourceException : null;

    /// <summary>The kernel of the run it belongs to, once known.</summary>
    internal DataFlowKernel? Kernel { get; private protected set; }

    internal void ThrowIfFailed()
    {
        Debug.Assert(IsCompleted);
        _failure?.Throw();
    }

    /// <summary>Claims the single right to complete; the winner then stores the outcome and calls <see cref="Complete"/>.</summary>
    private protected bool TryClaimCompletion() => Interlocked.CompareExchange(ref _completion, Claimed, Open) == Open;

    /// <summary>Makes a claimed outcome visible, then runs <see cref="OnCompleted"/> and the continuations.</summary>
    private protected void Complete(Exception? exception)
    {
        if (exception is not null)
            _failure = ExceptionDispatchInfo.Capture(exception);
        Volatile.Write(ref _completion, Completed);
        try
        {
            OnCompleted();
        }
        catch (Exception fault)
        {
            ReportFault(fault);
        }
        if (t_runningContinuations)
        {
            (t_deferred ??= new Queue<Dependency>()).Enqueue(this);
            return;
        }
        t_runningContinuations = true;
        try
        {
            RunContinuations();
            if (t_deferred is { } deferred)
                while (deferred.TryDequeue(out var next))
                    next.RunContinuations();
        }
        finally
        {
            t_runningContinuations = false;
        }
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
            // Listeners are the kernel's own and fail their task on error; this is the last line that keeps one
            // broken listener from stopping the others or killing the completing thread.
            try
            {
                listener.OnFutureCompleted(this);
            }
            catch (Exception fault)
            {
                ReportFault(fault);
            }
            return;
        }
        // Await continuations are user code: never run them on an executor's worker thread. During a
        // Ctrl-C shutdown they are dropped, so the user's code does not race the kernel's orderly exit.
        if (Kernel?.IsExitingOnSignal == true)
            return;
        ThreadPool.UnsafeQueueUserWorkItem(static action => action(), (Action)continuation, preferLocal: false);
    }

    private void ReportFault(Exception fault)
    {
        if (Kernel is { } kernel)
            kernel.ReportInternalFault(this, fault);
        else
            Trace.TraceError($"Parsl: completing {this} failed: {fault}");
    }
}
