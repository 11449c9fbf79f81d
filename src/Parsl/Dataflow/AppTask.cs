using System.ComponentModel;
using Parsl.Executors;

namespace Parsl;

/// <summary>
/// Base of every app's task: it waits for the futures among the app's inputs and runs the app on an executor. Not for
/// direct use; <see cref="AppTask{TArguments, TResult}"/> holds the inputs.
/// </summary>
/// <typeparam name="T">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class AppTask<T> : AppFuture<T>, IFutureListener, IDependencyVisitor, IExecutorTask, ICheckpointListener
{
    // Starts at 1 (a guard released after registration) so a dependency that completes during
    // registration cannot launch the task early.
    private int _pendingInputs;
    private List<AppFuture>? _failedInputs;
    private CacheKey _memoKey;
    private bool _ownsMemoEntry;
    private CancellationTokenSource? _taskCancellation;

    private protected AppTask(AppDescriptor app) : base(app) { }

    /// <summary>
    /// The token the app sees: the run's (cancelled on Ctrl-C or shutdown with cancellation), linked for apps that can
    /// observe it with the task's own (cancelled by <see cref="AppFuture.Cancel"/> or the walltime).
    /// </summary>
    protected CancellationToken CancellationToken => Volatile.Read(ref _taskCancellation)?.Token ?? Kernel?.CancellationToken ?? default;

    /// <summary>Calls <see cref="IDependencyVisitor.Visit"/> for every input that may carry a future.</summary>
    private protected abstract void VisitDependencies(IDependencyVisitor visitor);

    /// <summary>Writes the resolved inputs of a cached app into its memo key.</summary>
    private protected abstract void WriteCacheKey(CacheKeyBuilder key);

    /// <summary>Runs one attempt of the app body on the current thread and returns its result.</summary>
    private protected abstract T Invoke(CancellationToken cancellationToken);

    /// <summary>Runs the app body (with retries, walltime and cancellation) on the current thread and completes the future.</summary>
    private protected virtual void RunBody()
    {
        var kernel = Kernel!;
        var observesCancellation = App.Kind == AppKind.Bash || App.TakesCancellationToken;
        var walltime = App.Kind == AppKind.Code ? App.Walltime : null;
        var own = observesCancellation || walltime is not null ? CancellationTokenSource.CreateLinkedTokenSource(kernel.CancellationToken) : null;
        Volatile.Write(ref _taskCancellation, own);
        using var watchdog = walltime is { } limit ? new WalltimeWatchdog(this, own!, limit, kernel.GracePeriod) : null;
        var token = CancellationToken;
        T result = default!;
        Exception? failure = null;
        try
        {
            result = kernel.Retries.For(App) is { } pipeline
                ? RetryPipelines.Execute(pipeline, App, TaskId, this, static (task, ct) => task.Invoke(ct), token)
                : Invoke(token);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            Volatile.Write(ref _taskCancellation, null);
            own?.Dispose();
        }
        // Past its walltime the task failed for that reason, whatever the body ended with.
        if (watchdog?.Fired == true)
            TryFail(TaskState.Failed, new AppWalltimeExceededException(App, TaskId, walltime!.Value, abandoned: false));
        else if (failure is null)
            TrySetResult(result);
        else
            CompleteWith(failure, token);
    }

    private protected sealed override bool TryCancel()
    {
        if (!TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled by Cancel().")))
            return false;
        try
        {
            Volatile.Read(ref _taskCancellation)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the body finished meanwhile
        }
        return true;
    }

    /// <summary>Cancels a code app at its walltime, and abandons it if it has not stopped after the grace period.</summary>
    private sealed class WalltimeWatchdog : IDisposable
    {
        private readonly Timer _timer;
        private int _fired;

        public WalltimeWatchdog(AppTask<T> task, CancellationTokenSource cancellation, TimeSpan walltime, TimeSpan grace) =>
            _timer = new Timer(_ =>
            {
                if (Interlocked.Increment(ref _fired) == 1)
                {
                    cancellation.Cancel();
                    _timer!.Change(grace, Timeout.InfiniteTimeSpan);
                    return;
                }
                task.TryFail(TaskState.Failed, new AppWalltimeExceededException(task.App, task.TaskId, walltime, abandoned: true));
            }, null, walltime, Timeout.InfiniteTimeSpan);

        public bool Fired => Volatile.Read(ref _fired) > 0;

        public void Dispose() => _timer.Dispose();
    }

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
            FailCancelledBeforeStart(kernel.CancellationToken);
            return;
        }
        if (App.Cache && kernel.Memo is { } memo && TryAnswerFromMemo(kernel, memo))
            return;
        kernel.Launch(this);
    }

    /// <summary>Answers the task from the memo table, or makes it the owner of its key; false means "run it".</summary>
    private bool TryAnswerFromMemo(DataFlowKernel kernel, MemoTable memo)
    {
        try
        {
            var builder = CacheKeyBuilder.Rent(App);
            WriteCacheKey(builder);
            _memoKey = builder.Finish();
        }
        catch (Exception exception)
        {
            TryFail(TaskState.Failed, exception is CacheKeyException ? exception : new CacheKeyException(App, null, exception.Message, exception));
            return true;
        }
        while (true)
        {
            if (!memo.Entries.TryGetValue(_memoKey, out var entry))
            {
                if (memo.Entries.TryAdd(_memoKey, this))
                    return !(_ownsMemoEntry = true);
                continue;
            }
            switch (entry)
            {
                case AppFuture<T> earlier when !earlier.IsCompleted:
                    memo.CountMerged();
                    FromCache = true;
                    earlier.AddContinuation(new MemoFollower(this));
                    return true;
                case AppFuture<T> earlier when earlier.IsCompletedSuccessfully && memo.OutputsUnchanged(_memoKey):
                    memo.CountHit();
                    FromCache = true;
                    TrySetResult(earlier.GetCompletedResult());
                    return true;
                case AppFuture<T> { State: TaskState.Failed } earlier when App.CacheFailures:
                    memo.CountHit();
                    FromCache = true;
                    TryFail(TaskState.Failed, earlier.Exception!);
                    return true;
                case CheckpointRecord { IsFailure: true } stored when App.CacheFailures:
                    if (memo.Entries.TryUpdate(_memoKey, this, stored))
                        kernel.CheckpointWriter?.Append(CheckpointFormat.Encode(stored), listener: null);
                    memo.CountHit();
                    FromCache = true;
                    TryFail(TaskState.Failed, stored.ToException(App));
                    return true;
                case CheckpointRecord { IsFailure: false } stored when stored.OutputsUnchanged() && kernel.Serializer.TryDeserialize<T>(stored.Json, out var restored):
                    // Become the entry's owner so later hits are answered from memory, and carry the result into this
                    // run's own checkpoint, so resuming from this run alone is enough.
                    if (memo.Entries.TryUpdate(_memoKey, this, stored))
                    {
                        memo.Outputs[_memoKey] = stored.Outputs;
                        kernel.CheckpointWriter?.Append(CheckpointFormat.Encode(stored), listener: null);
                    }
                    memo.CountHit();
                    FromCache = true;
                    TrySetResult(restored);
                    return true;
                default:
                    // Failed earlier (failures are not cached), outputs changed or deleted, or an unreadable record: run it.
                    if (memo.Entries.TryUpdate(_memoKey, this, entry))
                        return !(_ownsMemoEntry = true);
                    continue;
            }
        }
    }

    private protected sealed override void PublishResult()
    {
        if (!_ownsMemoEntry)
        {
            Publish(TaskState.Done, null);
            return;
        }
        var kernel = Kernel!;
        OutputFile[] outputs;
        try
        {
            outputs = MemoTable.OutputsOf(_result);
        }
        catch (IOException)
        {
            outputs = [];
        }
        if (outputs.Length > 0)
            kernel.Memo!.Outputs[_memoKey] = outputs;
        if (kernel.CheckpointWriter is not { } checkpoint)
        {
            Publish(TaskState.Done, null);
            return;
        }
        var record = kernel.Serializer.TryEncodeRecord(_memoKey, App, _result, outputs);
        if (record is null)
        {
            kernel.ReportUncheckpointable(App, typeof(T));
            Publish(TaskState.Done, null);
            return;
        }
        checkpoint.Append(record, this);
    }

    void ICheckpointListener.OnCheckpointed() => Publish(TaskState.Done, null);

    /// <summary>Completes a task that joined an identical one in flight with that task's outcome.</summary>
    private sealed class MemoFollower(AppTask<T> follower) : IFutureListener
    {
        public void OnFutureCompleted(AppFuture future)
        {
            var owner = (AppFuture<T>)future;
            if (owner.IsCompletedSuccessfully)
                follower.TrySetResult(owner.GetCompletedResult());
            else
                follower.TryFail(owner.State, owner.Exception!);
        }
    }

    private string? FindParameter(AppFuture input)
    {
        var finder = new ParameterFinder(input);
        VisitDependencies(finder);
        return finder.ParameterIndex is int index && index < App.Inputs.Count ? App.Inputs[index].Name : null;
    }

    void IExecutorTask.Run()
    {
        if (!TryMarkRunning())
            return;
        if (CancellationToken.IsCancellationRequested)
        {
            FailCancelledBeforeStart(CancellationToken);
            return;
        }
        RunBody();
    }

    private void FailCancelledBeforeStart(CancellationToken cancellationToken) =>
        TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled before it started.", cancellationToken));

    /// <summary>Completes the future from the body's outcome.</summary>
    private protected void CompleteWith(Exception exception, CancellationToken cancellationToken)
    {
        var cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
        TryFail(cancelled ? TaskState.Cancelled : TaskState.Failed, exception);
    }

    private protected override void OnCompleted()
    {
        // Failures are not cached unless the app asks: then the next identical call fails the same way without running.
        if (_ownsMemoEntry && State == TaskState.Failed && App.CacheFailures)
            Kernel!.CheckpointWriter?.Append(
                CheckpointFormat.Encode(new CheckpointRecord(_memoKey, App.Id, CheckpointRecord.FailureJson(Exception!), [], IsFailure: true)), listener: null);
        else if (_ownsMemoEntry && State != TaskState.Done)
            Kernel!.Memo?.Entries.TryRemove(new KeyValuePair<CacheKey, object>(_memoKey, this));
        Kernel!.OnTaskCompleted(this);
    }

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
