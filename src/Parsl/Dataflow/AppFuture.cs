using System.Diagnostics;
using System.Runtime.CompilerServices;
using Parsl.Dataflow;
using Parsl.Records;

namespace Parsl;

/// <summary>
/// The future of one task: a proxy for a result that may not exist yet. Awaitable, blocking-waitable with
/// <see cref="Wait()"/>, and accepted as an argument by every app stub so that dependencies form the task graph.
/// </summary>
/// <remarks>
/// One object per task: the future is also the kernel's record of the task (id, app, state), which keeps
/// a million pending tasks cheap.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
[DebuggerTypeProxy(typeof(AppFutureDebugView))]
public abstract class AppFuture : Dependency, ITaskRecordSource
{
    private int _state;
    // Milliseconds since the run started (DataFlowKernel.Clock): four bytes each, as a million pending tasks count bytes.
    private uint _submittedAt;
    private uint _completedAt;

    private protected AppFuture(AppDescriptor app) => App = app;

    /// <summary>The app this task runs.</summary>
    public AppDescriptor App { get; }

    /// <summary>The task's id within its run; 0 until submitted.</summary>
    public long TaskId { get; private protected set; }

    /// <summary>Where the workflow called the app.</summary>
    public CallSite CallSite { get; private protected set; }

    /// <summary>True when the result came from the memo table (an identical earlier or concurrent call, or a checkpoint) instead of a run.</summary>
    public bool FromCache { get; private protected set; }

    /// <summary>
    /// The futures of the files the app writes, one per <see cref="OutputAttribute"/> parameter in declaration order
    /// (Parsl's <c>outputs</c>); empty for an app that declares none.
    /// </summary>
    public IReadOnlyList<FileFuture> Outputs => OutputFutures;

    internal virtual IReadOnlyList<FileFuture> OutputFutures => [];

    /// <summary>The file given for the input at <paramref name="valueIndex"/> (an output parameter), once the inputs are resolved.</summary>
    internal DataFile? ResolvedFileAt(int valueIndex) =>
        RecordedValues is ITuple values && valueIndex < values.Length ? values[valueIndex] as DataFile : null;

    /// <summary>The remote files among the resolved inputs (top level, or in a collection), not yet staged; outputs excluded.</summary>
    internal IEnumerable<(DataFile File, int Input)> UnstagedRemoteInputs() => InputFiles().Where(input => input.File is { IsLocal: false, LocalCopy: null });

    /// <summary>The files among the resolved inputs (top level, or in a collection); outputs excluded.</summary>
    internal IEnumerable<(DataFile File, int Input)> InputFiles()
    {
        if (RecordedValues is not ITuple values)
            yield break;
        for (var i = 0; i < values.Length; i++)
        {
            if (App.OutputFileInputs.Contains(i))
                continue;
            switch (values[i])
            {
                case DataFile file:
                    yield return (file, i);
                    break;
                case IEnumerable<DataFile> files:
                    foreach (var file in files)
                        if (file is not null)
                            yield return (file, i);
                    break;
            }
        }
    }

    /// <summary>The files the app was given to write (its <see cref="OutputAttribute"/> parameters), once the inputs are resolved.</summary>
    internal IEnumerable<DataFile> DeclaredOutputFiles() => App.OutputFileInputs.Select(ResolvedFileAt).OfType<DataFile>();

    /// <summary>The task's current state.</summary>
    public TaskState State => (TaskState)Volatile.Read(ref _state);

    /// <summary>The task's record: arguments, executor and outcome of each try, times (Parsl's <c>task_record</c>).</summary>
    public TaskRecord Record => new(this);

    internal DateTimeOffset SubmittedAt => Kernel?.TimeOf(_submittedAt) ?? default;

    internal DateTimeOffset? CompletedAt => IsCompleted && Kernel is { } kernel ? kernel.TimeOf(_completedAt) : null;

    /// <summary>Marks the moment of the call; set once, when the task is submitted.</summary>
    private protected void StampSubmitted() => _submittedAt = Kernel!.Clock;

    internal virtual IReadOnlyList<TaskArgument> RecordedArguments() => [];

    /// <summary>The resolved arguments as one boxed tuple, or null before they resolved.</summary>
    internal virtual object? RecordedValues => null;

    internal virtual int RecordedTries => 0;

    internal virtual string? RecordedExecutor => null;

    /// <summary>Whether the worker that ran this task sent <paramref name="file"/>, one of its outputs, to its URL.</summary>
    internal virtual bool SendsOnWorker(DataFile file) => false;

    internal virtual IReadOnlyList<TryRecord> RecordedFailures => [];

    internal virtual double RecordedFailureCost => 0;

    internal virtual AppCallOptions? RecordedOptions => null;

    /// <summary>The result, boxed, for the debugger's view; null until done.</summary>
    internal virtual object? RecordedResult => null;

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

    /// <summary>
    /// The future of a task made outside Parsl (an HTTP request, a <see cref="TaskCompletionSource{TResult}"/>): apps take
    /// it like any future and start once it completes, with no thread waiting for it; if it fails or is cancelled, their
    /// dependency-failure reports name it as the root cause. Stubs also take a <see cref="Task{TResult}"/> directly.
    /// </summary>
    /// <param name="task">The task; Parsl neither cancels nor awaits it beyond taking its outcome.</param>
    /// <param name="callerFilePath">Filled in by the compiler: where the task was handed to Parsl, for reports.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    public static AppFuture<T> FromTask<T>(Task<T> task, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new OutsideTask<T>(task, new CallSite(callerFilePath, callerLineNumber));
    }

    /// <summary>A future that is already done, with <paramref name="value"/>: for code that takes futures when a value is at hand.</summary>
    public static AppFuture<T> FromResult<T>(T value, [CallerFilePath] string callerFilePath = "", [CallerLineNumber] int callerLineNumber = 0) =>
        new OutsideTask<T>(Task.FromResult(value), new CallSite(callerFilePath, callerLineNumber));

    /// <summary>A <see cref="System.Threading.Tasks.Task"/> that completes with this future, for <c>Task.WhenAll</c> and friends.</summary>
    public Task AsTask()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AddContinuation(new TaskCompletionForwarder(source));
        return source.Task;
    }

    /// <inheritdoc />
    public override string ToString() => $"task {TaskId} ({App.Id}): {State}";

    /// <summary>Moves a task that is not complete from one working state to another; false when it was not in <paramref name="from"/>.</summary>
    private protected bool TryMoveState(TaskState from, TaskState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    private protected void Publish(TaskState terminalState, Exception? exception)
    {
        Debug.Assert(terminalState.IsTerminal());
        _completedAt = Kernel?.Clock ?? 0;
        Volatile.Write(ref _state, (int)terminalState);
        Complete(exception);
    }

    /// <summary>Completes a claimed future with a failure.</summary>
    internal bool TryFail(TaskState terminalState, Exception exception)
    {
        if (!TryClaimCompletion())
            return false;
        Publish(terminalState, exception);
        return true;
    }

    private sealed class TaskCompletionForwarder(TaskCompletionSource source) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future)
        {
            switch (future.Exception)
            {
                case null: source.TrySetResult(); break;
                case OperationCanceledException: source.TrySetCanceled(); break;
                case var exception: source.TrySetException(exception); break;
            }
        }
    }

    // The record's view (ITaskRecordSource): the members above, as the interface names them.
    DateTimeOffset ITaskRecordSource.SubmittedAt => SubmittedAt;

    DateTimeOffset? ITaskRecordSource.CompletedAt => CompletedAt;

    IReadOnlyList<TaskArgument> ITaskRecordSource.RecordedArguments() => RecordedArguments();

    object? ITaskRecordSource.RecordedValues => RecordedValues;

    int ITaskRecordSource.RecordedTries => RecordedTries;

    string? ITaskRecordSource.RecordedExecutor => RecordedExecutor;

    IReadOnlyList<TryRecord> ITaskRecordSource.RecordedFailures => RecordedFailures;

    double ITaskRecordSource.RecordedFailureCost => RecordedFailureCost;

    AppCallOptions? ITaskRecordSource.RecordedOptions => RecordedOptions;
}
