using System.ComponentModel;
using Parsl.Executors;

namespace Parsl;

/// <summary>
/// Base of the task classes the generator emits for each app: it captures the arguments, waits for the futures
/// among them, and runs the app on an executor. Not for direct use.
/// </summary>
/// <typeparam name="T">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class AppTask<T> : AppFuture<T>, IFutureListener, IDependencyVisitor, IExecutorTask
{
    // Starts at 1 (a guard released after registration) so a dependency that completes during
    // registration cannot launch the task early.
    private int _pendingInputs;
    private List<AppFuture>? _failedInputs;

    private protected AppTask(AppDescriptor app) : base(app) { }

    /// <summary>The run's cancellation token (cancelled on Ctrl-C or when the kernel is disposed with cancellation).</summary>
    protected CancellationToken CancellationToken => Kernel?.CancellationToken ?? default;

    /// <summary>Calls <see cref="IDependencyVisitor.Visit"/> for every argument that may carry a future.</summary>
    protected abstract void VisitDependencies(IDependencyVisitor visitor);

    /// <summary>Runs the app body on the current thread and completes the future.</summary>
    private protected abstract void RunBody();

    internal void Submit(DataFlowKernel kernel, long taskId, CallSite callSite)
    {
        Kernel = kernel;
        TaskId = taskId;
        CallSite = callSite;
        _pendingInputs = 1;
        VisitDependencies(this);
        if (Interlocked.Decrement(ref _pendingInputs) == 0)
            OnInputsResolved();
    }

    void IDependencyVisitor.Visit(AppFuture? future, int parameterIndex)
    {
        if (future is null)
            return;
        if (future.IsCompleted)
        {
            if (!future.IsCompletedSuccessfully)
                RecordFailedInput(future);
            return;
        }
        Interlocked.Increment(ref _pendingInputs);
        future.AddContinuation(this);
    }

    void IFutureListener.OnFutureCompleted(AppFuture future)
    {
        if (!future.IsCompletedSuccessfully)
            RecordFailedInput(future);
        if (Interlocked.Decrement(ref _pendingInputs) == 0)
            OnInputsResolved();
    }

    private void RecordFailedInput(AppFuture future)
    {
        var failed = Volatile.Read(ref _failedInputs) ?? Interlocked.CompareExchange(ref _failedInputs, [], null) ?? _failedInputs!;
        lock (failed)
            failed.Add(future);
    }

    private void OnInputsResolved()
    {
        var kernel = Kernel!;
        if (_failedInputs is { } failed)
        {
            TryFail(TaskState.DependencyFailed, DependencyFailedException.Create(this, failed, FindParameter));
            return;
        }
        if (kernel.CancellationToken.IsCancellationRequested)
        {
            TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled before it started.", kernel.CancellationToken));
            return;
        }
        kernel.Launch(this);
    }

    private string? FindParameter(AppFuture input)
    {
        var finder = new ParameterFinder(input);
        VisitDependencies(finder);
        return finder.ParameterIndex is int index && index < App.Parameters.Count ? App.Parameters[index].Name : null;
    }

    void IExecutorTask.Run()
    {
        if (!TryMarkRunning())
            return;
        if (CancellationToken.IsCancellationRequested)
        {
            TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled before it started.", CancellationToken));
            return;
        }
        RunBody();
    }

    /// <summary>Completes the future from the body's outcome.</summary>
    private protected void CompleteWith(Exception exception)
    {
        var cancelled = exception is OperationCanceledException && CancellationToken.IsCancellationRequested;
        TryFail(cancelled ? TaskState.Cancelled : TaskState.Failed, exception);
    }

    private protected override void OnCompleted() => Kernel!.OnTaskCompleted(this);

    private sealed class ParameterFinder(AppFuture target) : IDependencyVisitor
    {
        public int? ParameterIndex { get; private set; }

        public void Visit(AppFuture? future, int parameterIndex)
        {
            if (ParameterIndex is null && ReferenceEquals(future, target))
                ParameterIndex = parameterIndex;
        }
    }
}
