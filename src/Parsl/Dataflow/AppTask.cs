using System.Runtime.CompilerServices;
using Parsl.Caching;
using Parsl.Checkpointing;
using Parsl.Events;
using Parsl.Executors;

namespace Parsl.Dataflow;

/// <summary>
/// The kernel's record of one app call, and its future: it waits for the futures among the app's inputs, resolves
/// them once, answers from the memo table or hands tries to executors, and after each failed try asks the retry policy
/// for the next. <see cref="AppTask{TArguments, TValues, TResult}"/> holds the arguments.
/// </summary>
/// <typeparam name="T">The app's result type.</typeparam>
internal abstract class AppTask<T> : AppFuture<T>, IFutureListener, IDependencyVisitor, ICheckpointListener, ITryRunner
{
    // Starts at 1 (a guard released after registration) so a dependency that completes during
    // registration cannot launch the task early.
    private int _pendingInputs;
    private List<Dependency>? _failedInputs;
    private CacheKey _memoKey;
    private bool _ownsMemoEntry;
    // Set by the subclass once the arguments have resolved; here, where it packs with the other small fields.
    private protected bool _resolved;
    // The current try's number (0 before the first) times two, plus one once its outcome was taken: a try is settled
    // once, by its outcome, its abandonment at the walltime, or not at all when the task completed otherwise.
    private int _tries;
    private TryControl? _control;
    // The record of tries: the executor of the latest, when it started, and the failed ones (made at the first failure).
    private IExecutor? _executor;
    private uint _tryStartedAt;
    private TaskExtras? _extras;

    private protected AppTask(AppDescriptor app) : base(app) { }

    /// <summary>The call's own options, merged over the app's attribute; null for most calls.</summary>
    internal AppCallOptions? Options
    {
        get => _extras?.Options;
        init => _extras = value is null ? null : new TaskExtras { Options = value };
    }

    /// <summary>The walltime of each try: the call's, else the app's; a join app's try has none.</summary>
    private TimeSpan? TryWalltime => Options?.Walltime is { } walltime && App.Kind != AppKind.Join ? walltime : App.TryWalltime;

    internal override AppCallOptions? RecordedOptions => Options;

    ResourceSpecification? ITryRunner.Resources => Kernel!.ResourcesOf(App, Options);

    ContainerImage? ITryRunner.Container => Options?.Container ?? App.Container ?? Volatile.Read(ref _executor)?.Container;

    string ITryRunner.ContainerNameOf(int number) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"parsl-{Kernel!.RunTag}-task{TaskId}-try{number}");

    private int CurrentTry => Volatile.Read(ref _tries) >> 1;

    /// <summary>Calls <see cref="IDependencyVisitor.Visit"/> for every input that may carry a future.</summary>
    private protected abstract void VisitDependencies(IDependencyVisitor visitor);

    /// <summary>Reads the values out of the inputs, once all their futures have completed.</summary>
    private protected abstract void ResolveArguments();

    /// <summary>Writes the resolved inputs of a cached app into its memo key.</summary>
    private protected abstract void WriteCacheKey(CacheKeyBuilder key);

    /// <summary>Runs one try of the app on the calling thread and reports its outcome; throws what the app threw.</summary>
    private protected abstract void RunTryBody(int number, CancellationToken cancellationToken);

    /// <summary>Gives the next try the arguments a retry handler chose; false when they are not the app's tuple type.</summary>
    private protected abstract bool TryReplaceArguments(object arguments);

    /// <summary>The executor a retry handler chose for the next try, or null.</summary>
    internal string? RequestedExecutor => _extras?.NextExecutor;

    internal override int RecordedTries => CurrentTry;

    internal override string? RecordedExecutor => Volatile.Read(ref _executor)?.Label;

    internal override IReadOnlyList<TryRecord> RecordedFailures
    {
        get
        {
            if (Volatile.Read(ref _extras) is not { } history)
                return [];
            lock (history)
                return [.. history.Failures];
        }
    }

    internal override double RecordedFailureCost => Volatile.Read(ref _extras)?.Cost ?? 0;

    internal override IReadOnlyList<FileFuture> OutputFutures => Volatile.Read(ref _extras)?.Outputs ?? [];

    internal void Submit(DataFlowKernel kernel, long taskId, CallSite callSite)
    {
        Kernel = kernel;
        TaskId = taskId;
        CallSite = callSite;
        StampSubmitted();
        if (App.OutputFileInputs.Length > 0)
            (_extras ??= new TaskExtras()).Outputs = FileFuture.For(this);
        _pendingInputs = 1;
        VisitDependencies(this);
        if (kernel.IsDebugLogging)
            KernelLog.TaskSubmitted(kernel.Logger, taskId, App.Id, callSite, Volatile.Read(ref _pendingInputs) - 1);
        if (kernel.Observers.Any)
            PublishSubmitted(kernel, Volatile.Read(ref _pendingInputs) - 1);
        if (Interlocked.Decrement(ref _pendingInputs) == 0)
            OnInputsResolved();
    }

    void IDependencyVisitor.Visit(Dependency? dependency, int parameterIndex)
    {
        if (dependency is null)
            return;
        if (dependency.IsCompleted)
        {
            if (!dependency.IsCompletedSuccessfully)
                RecordFailedInput(dependency);
            return;
        }
        Interlocked.Increment(ref _pendingInputs);
        dependency.AddContinuation(this);
    }

    void IFutureListener.OnFutureCompleted(Dependency future)
    {
        if (!future.IsCompletedSuccessfully)
            RecordFailedInput(future);
        if (Interlocked.Decrement(ref _pendingInputs) == 0)
            OnInputsResolved();
    }

    private void RecordFailedInput(Dependency future)
    {
        var failed = Volatile.Read(ref _failedInputs) ?? Interlocked.CompareExchange(ref _failedInputs, [], null) ?? _failedInputs!;
        lock (failed)
            failed.Add(future);
    }

    // Runs once the input futures are done and, for an app reading remote files, again once they are staged.
    private void OnInputsResolved()
    {
        var kernel = Kernel!;
        var staged = Volatile.Read(ref _extras)?.Staging;
        if (staged is null && kernel.Observers.Any)
            Publish(kernel, RunEventKind.DependenciesResolved);
        try
        {
            if (_failedInputs is { } failed)
            {
                TryFail(TaskState.DependencyFailed, DependencyFailedException.Create(this, failed, ParameterOf(staged)));
                return;
            }
            if (kernel.CancellationToken.IsCancellationRequested)
            {
                FailCancelledBeforeStart(kernel.CancellationToken);
                return;
            }
            if (staged is null)
            {
                ResolveArguments();
                PlaceRemoteOutputs(kernel);
                if (StartStaging(kernel))
                    return;
            }
            else
            {
                if (IsCompleted) // cancelled while its files were fetched
                    return;
                for (var i = 0; i < staged.Value.Files.Length; i++)
                {
                    staged.Value.Files[i].LocalCopy = staged.Value.Tasks[i].GetCompletedResult();
                    staged.Value.Files[i].StagedVersion = staged.Value.Tasks[i].Version;
                }
            }
            if (App.Cache && kernel.Memo is not null)
            {
                // A memo key may hash a large input file: never on the checkpoint writer's thread, which completed the input.
                if (kernel.CheckpointWriter is { DefersCompletion: true } && CheckpointWriter.IsWriterThread)
                    ThreadPool.UnsafeQueueUserWorkItem(static task => task.LaunchCached(), this, preferLocal: false);
                else
                    LaunchCached();
                return;
            }
            kernel.Launch(this);
        }
        catch (Exception exception)
        {
            // Anything unexpected on the way to launching fails this task, never the thread that completed its input.
            TryFail(TaskState.Failed, exception);
        }
    }

    /// <summary>
    /// Starts fetching the remote files among the resolved inputs (each URL once per run, however many tasks read it);
    /// false when there are none. The task then waits for them as for input futures, and goes on when they are here.
    /// </summary>
    private bool StartStaging(DataFlowKernel kernel)
    {
        var onWorkers = kernel.StagesOnWorker(this);
        if (onWorkers)
            CarryLocalInputs();
        var remote = UnstagedRemoteInputs().ToArray();
        if (remote.Length == 0)
            return false;
        if (onWorkers)
        {
            // The worker fetches what it can on the node; the workflow only what no provider there can.
            var onWorker = remote.Where(input => kernel.Staging.CanStageOnWorker(input.File)).ToArray();
            if (onWorker.Length > 0)
            {
                var extras = Extras();
                extras.WorkerStaging = ([.. onWorker.Select(input => input.File.Url).Distinct(StringComparer.Ordinal)], extras.WorkerStaging?.Out ?? []);
                remote = [.. remote.Except(onWorker)];
                if (remote.Length == 0)
                    return false;
            }
        }
        var tasks = remote.Select(input => kernel.Staging.StageIn(input.File)).ToArray();
        Extras().Staging = ([.. remote.Select(input => input.File)], tasks, [.. remote.Select(input => input.Input)]);
        Volatile.Write(ref _pendingInputs, 1);
        foreach (var task in tasks)
            ((IDependencyVisitor)this).Visit(task, 0);
        if (Interlocked.Decrement(ref _pendingInputs) == 0)
            OnInputsResolved();
        return true;
    }

    /// <summary>
    /// With staging on workers, no file system is assumed shared: the local files the app reads travel with its try
    /// (<see cref="TaskTry.LocalFilesOnWorker"/>), and the worker reads its copy of them.
    /// </summary>
    private void CarryLocalInputs()
    {
        string[] local = [.. InputFiles().Where(input => input.File.IsLocal).Select(input => input.File.Url).Distinct(StringComparer.Ordinal)];
        if (local.Length > 0)
            Extras().LocalFilesOnWorker = local;
    }

    /// <summary>
    /// Gives each remote file the app writes a local copy to write, which is sent to its URL once the app succeeded; or,
    /// when its executor stages on workers, leaves it to the worker (the dispatch names it).
    /// </summary>
    private void PlaceRemoteOutputs(DataFlowKernel kernel)
    {
        if (App.OutputFileInputs.Length == 0)
            return;
        var onWorker = kernel.StagesOnWorker(this);
        List<string>? sentByWorker = null;
        foreach (var file in DeclaredOutputFiles())
        {
            if (file is not { IsLocal: false, LocalCopy: null })
                continue;
            if (onWorker && kernel.Staging.CanStageOnWorker(file))
                (sentByWorker ??= []).Add(file.Url);
            else
                file.LocalCopy = kernel.Staging.OutputCopyOf(file);
        }
        if (sentByWorker is not null)
            Extras().WorkerStaging = ([], sentByWorker);
    }

    /// <summary>Whether the worker sends <paramref name="file"/>, an output of this task, rather than the workflow.</summary>
    internal override bool SendsOnWorker(DataFile file) => Volatile.Read(ref _extras)?.WorkerStaging is { } staging && staging.Out.Contains(file.Url);

    (IReadOnlyList<string> In, IReadOnlyList<string> Out) ITryRunner.WorkerStaging => Volatile.Read(ref _extras)?.WorkerStaging ?? ([], []);

    IReadOnlyList<string> ITryRunner.LocalFilesOnWorker => Volatile.Read(ref _extras)?.LocalFilesOnWorker ?? [];

    /// <summary>The task's extras, made by the first thread that needs them once the task is running.</summary>
    private TaskExtras Extras() => _extras ?? Interlocked.CompareExchange(ref _extras, new TaskExtras(), null) ?? _extras!;

    // Which parameter a failed input fed: a staging task the file's, any other the argument's.
    private Func<Dependency, int?> ParameterOf((DataFile[] Files, StagingTask[] Tasks, int[] Inputs)? staged)
    {
        var ofArguments = ParameterMap.Of(VisitDependencies);
        if (staged is not { } stagedFiles)
            return ofArguments;
        return dependency => Array.IndexOf(stagedFiles.Tasks, dependency) is var at and >= 0 ? stagedFiles.Inputs[at] : ofArguments(dependency);
    }

    /// <summary>Writes a cached task's memo key, then answers it from the memo table or launches it.</summary>
    private void LaunchCached()
    {
        var kernel = Kernel!;
        try
        {
            var builder = CacheKeyBuilder.Rent(App);
            WriteCacheKey(builder);
            _memoKey = builder.Finish();
        }
        catch (Exception exception)
        {
            TryFail(TaskState.Failed, exception is CacheKeyException ? exception : new CacheKeyException(App, null, exception.Message, exception));
            return;
        }
        try
        {
            if (!TryAnswerFromMemo(kernel, kernel.Memo!))
                kernel.Launch(this);
        }
        catch (Exception exception)
        {
            TryFail(TaskState.Failed, exception);
        }
    }

    /// <summary>The task is answered from the memo table (or joins an identical call in flight) and will not run.</summary>
    private void MarkFromCache(DataFlowKernel kernel, bool fromCheckpoint)
    {
        FromCache = true;
        if (kernel.Observers.Any)
            PublishMemoHit(kernel, fromCheckpoint);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishMemoHit(DataFlowKernel kernel, bool fromCheckpoint) =>
        kernel.Observers.Publish(new RunEvent { Kind = RunEventKind.MemoHit, UtcTicks = kernel.NowTicks, TaskId = TaskId, App = App, FromCheckpoint = fromCheckpoint });

    // The publishers below are never inlined: a RunEvent holds references, so a method with one as a local zeroes it in
    // its prologue on every call, observed or not (the memo-hit path measured 8 % slower with them inlined).

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishSubmitted(DataFlowKernel kernel, int inputs) =>
        kernel.Observers.Publish(new RunEvent
        {
            Kind = RunEventKind.TaskSubmitted, UtcTicks = kernel.NowTicks, TaskId = TaskId, App = App, Inputs = inputs, CallSite = CallSite,
            InputTaskIds = InputTaskIds(),
        });

    private IReadOnlyList<long> InputTaskIds()
    {
        var collector = new InputTaskIdCollector();
        VisitDependencies(collector);
        return collector.Ids;
    }

    /// <summary>A task event with nothing but the task in it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Publish(DataFlowKernel kernel, RunEventKind kind) =>
        kernel.Observers.Publish(new RunEvent { Kind = kind, UtcTicks = kernel.NowTicks, TaskId = TaskId, App = App });

    /// <summary>A try event of the current try.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishTry(DataFlowKernel kernel, RunEventKind kind, int number, Exception? exception = null, TimeSpan delay = default, string? where = null,
        TryPlacement? placement = null, BashResult? output = null, TimeSpan ago = default) =>
        kernel.Observers.Publish(new RunEvent
        {
            Kind = kind, UtcTicks = kernel.NowTicks - ago.Ticks, TaskId = TaskId, App = App, Try = number, Executor = _executor?.Label, Exception = exception, Delay = delay,
            Where = where ?? placement?.Description, Placement = placement,
            Usage = kind is RunEventKind.TrySucceeded or RunEventKind.TryFailed ? UsageOf(number) : null,
            Stdout = output?.StdoutPath, Stderr = output?.StderrPath,
        });

    /// <summary>What the executor measured try <paramref name="number"/> cost, if it did (<see cref="TaskTry.ReportUsage"/>).</summary>
    private TryUsage? UsageOf(int number) => Volatile.Read(ref _extras)?.Usage is { } usage && usage.Try == number ? usage.Usage : null;

    internal void FailCancelledBeforeStart(CancellationToken cancellationToken) =>
        TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled before it started.", cancellationToken));

    /// <summary>Answers the task from the memo table, or makes it the owner of its key; false means "run it".</summary>
    private bool TryAnswerFromMemo(DataFlowKernel kernel, MemoTable memo)
    {
        var answer = MemoLookup.Answer(kernel, memo, _memoKey, this);
        if (answer.Verdict == MemoVerdict.Run)
        {
            _ownsMemoEntry = true;
            return false;
        }
        MarkFromCache(kernel, answer.FromCheckpoint);
        switch (answer.Verdict)
        {
            case MemoVerdict.Follow:
                answer.Owner!.AddContinuation(new MemoFollower(this));
                break;
            case MemoVerdict.Result or MemoVerdict.CheckpointResult:
                TrySetResult(answer.Result);
                break;
            default:
                TryFail(TaskState.Failed, answer.Failure!);
                break;
        }
        return true;
    }

    /// <summary>Hands the next try to <paramref name="executor"/>; called by the kernel, which chose it.</summary>
    internal void LaunchTry(IExecutor executor)
    {
        var number = CurrentTry + 1;
        if (!TryMoveState(number == 1 ? TaskState.Pending : TaskState.WaitingToRetry, TaskState.Launched))
            return; // completed meanwhile (cancelled)
        var kernel = Kernel!;
        _control = App.NeedsTryControl || Options?.Walltime is not null ? new TryControl(kernel.CancellationToken, number, OnTryAbandoned) : null;
        _executor = executor;
        if (Diagnostics.TryTracing.StartTry(kernel.RunSpan, App, TaskId, number, executor.Label) is { } telemetry)
            Extras().Telemetry = telemetry;
        else if (_extras is { Telemetry: not null } extras)
            extras.Telemetry = null; // a listener went away between tries
        Volatile.Write(ref _tries, number * 2);
        if (kernel.IsDebugLogging)
            KernelLog.TryLaunched(kernel.Logger, TaskId, App.Id, number, executor.Label);
        if (kernel.Observers.Any)
            PublishTry(kernel, RunEventKind.TryLaunched, number);
        try
        {
            executor.Submit(new TaskTry(this, number));
        }
        catch (Exception exception)
        {
            ((ITryRunner)this).ReportFailure(number, exception);
        }
    }

    CancellationToken ITryRunner.CancellationTokenOf(int number) =>
        number == CurrentTry && Volatile.Read(ref _control) is { } control ? control.Token : Kernel?.CancellationToken ?? default;

    TimeSpan? ITryRunner.Walltime => TryWalltime;

    void ITryRunner.ReportStarted(int number, string? where) => TryStart(number, where);

    void ITryRunner.ReportStarted(int number, TryPlacement placement, TimeSpan ago) => TryStart(number, placement: placement, ago: ago);

    string? ITryRunner.TraceParent => Volatile.Read(ref _extras)?.Telemetry?.Span?.Id;

    void ITryRunner.ReportUsage(int number, TryUsage usage)
    {
        // Kept only for observers: a run without any pays nothing for the figures.
        if (number == CurrentTry && Kernel is { Observers.Any: true })
            Extras().Usage = (number, usage);
    }

    public abstract string? TransportProblem { get; }

    public (string? Stdout, string? Stderr) OutputOverrides =>
        App.Kind == AppKind.Bash && Options is { } options ? (LogPath(options.Stdout, "stdout"), LogPath(options.Stderr, "stderr")) : default;

    public abstract void WriteArguments(WireWriter writer);

    public abstract void ReportEncodedResult(int number, ReadOnlySpan<byte> result);

    private protected void ReportTryFailure(int number, Exception exception) => ((ITryRunner)this).ReportFailure(number, exception);

    /// <summary>
    /// Marks try <paramref name="number"/> running and starts its walltime clock, both from <paramref name="ago"/> before
    /// now (a report that waited, e.g. a worker's sent with its outcome); false for a stale try or a completed task.
    /// </summary>
    private bool TryStart(int number, string? where = null, TryPlacement? placement = null, TimeSpan ago = default)
    {
        if (number != CurrentTry || !TryMoveState(TaskState.Launched, TaskState.Running))
            return false;
        var now = Kernel!.Clock;
        _tryStartedAt = now - (uint)Math.Min(ago.TotalMilliseconds, now);
        if (Kernel.IsDebugLogging)
            KernelLog.TryRunning(Kernel.Logger, TaskId, App.Id, number);
        if (Kernel.Observers.Any)
            PublishTry(Kernel, RunEventKind.TryStarted, number, where: where, placement: placement, ago: ago);
        if (Volatile.Read(ref _extras)?.Telemetry is { } telemetry)
            Diagnostics.TryTracing.Started(telemetry, placement, ago);
        if (TryWalltime is { } walltime)
            Volatile.Read(ref _control)?.StartClock(walltime > ago ? walltime - ago : TimeSpan.Zero, Kernel!.GracePeriod);
        return true;
    }

    void ITryRunner.RunTry(int number, string? where)
    {
        if (!TryStart(number, where))
            return; // a stale try, or the task completed meanwhile
        var token = Volatile.Read(ref _control)?.Token ?? Kernel!.CancellationToken;
        if (token.IsCancellationRequested)
        {
            ((ITryRunner)this).ReportFailure(number, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled before it started.", token));
            return;
        }
        // Spans the app's own code makes nest under the try's (an async body carries it into its continuations).
        var span = Volatile.Read(ref _extras)?.Telemetry?.Span;
        var ambient = span is null ? null : System.Diagnostics.Activity.Current;
        if (span is not null)
            System.Diagnostics.Activity.Current = span;
        try
        {
            RunTryBody(number, token);
        }
        catch (Exception exception)
        {
            ((ITryRunner)this).ReportFailure(number, exception);
        }
        finally
        {
            if (span is not null)
                System.Diagnostics.Activity.Current = ambient;
        }
    }

    /// <summary>A bash app's output path: as given, or for <see cref="AppCallOptions.AutoLogName"/> the task's own file under the run directory.</summary>
    internal string? LogPath(string? path, string stream) =>
        path == AppCallOptions.AutoLogName ? Runs.TaskLogPaths.Of(Kernel!.RunDirectory, TaskId, App.Name, stream) : path;

    /// <summary>True when try <paramref name="number"/> is current and its walltime has passed.</summary>
    internal bool WalltimeExpired(int number) => number == CurrentTry && Volatile.Read(ref _control)?.WalltimeExpired == true;

    /// <summary>Takes the outcome of try <paramref name="number"/>, once; false for a stale or already settled try.</summary>
    private bool TrySettle(int number, out TryControl? control)
    {
        control = null;
        if (Interlocked.CompareExchange(ref _tries, number * 2 + 1, number * 2) != number * 2)
            return false;
        // Settling owns the try's control: the next try's is set only after this, by the thread that launches it.
        control = _control;
        if (control is not null)
            Volatile.Write(ref _control, null);
        return true;
    }

    /// <summary>Try <paramref name="number"/> returned a result.</summary>
    internal void OnTrySucceeded(int number, T result)
    {
        if (!TrySettle(number, out var control))
            return;
        var expired = control?.WalltimeExpired == true;
        control?.Dispose();
        // Past its walltime the try failed for that reason, whatever the body ended with.
        if (expired)
        {
            var late = new AppWalltimeExceededException(App, TaskId, TryWalltime!.Value, abandoned: false);
            EndTelemetry(late);
            RetryOrFail(late);
            return;
        }
        EndTelemetry(null);
        if (Kernel!.Observers.Any)
            PublishTry(Kernel, RunEventKind.TrySucceeded, number, output: result as BashResult);
        TrySetResult(result);
    }

    void ITryRunner.ReportFailure(int number, Exception exception)
    {
        if (!TrySettle(number, out var control))
            return;
        exception = UnreadableAppException.Readable(exception, App, TaskId);
        var expired = control?.WalltimeExpired == true;
        var cancelled = control?.Token.IsCancellationRequested == true || Kernel!.CancellationToken.IsCancellationRequested;
        control?.Dispose();
        if (expired)
        {
            if (exception is not (AppWalltimeExceededException or BashWalltimeExceededException))
                exception = new AppWalltimeExceededException(App, TaskId, TryWalltime!.Value, abandoned: false);
        }
        else if (exception is OperationCanceledException && cancelled)
        {
            EndTelemetry(exception);
            TryFail(TaskState.Cancelled, exception); // cancellation is final: never retried
            return;
        }
        EndTelemetry(exception);
        RetryOrFail(exception);
    }

    /// <summary>The walltime clock's grace period ran out and try <paramref name="number"/> has still not reported.</summary>
    private void OnTryAbandoned(int number)
    {
        if (!TrySettle(number, out var control))
            return;
        control?.StopClock(); // its token stays alive: the abandoned body may still hold it
        var abandoned = new AppWalltimeExceededException(App, TaskId, TryWalltime!.Value, abandoned: true);
        EndTelemetry(abandoned);
        RetryOrFail(abandoned);
    }

    /// <summary>Ends the settled try's span and records its duration, when anybody listens.</summary>
    private void EndTelemetry(Exception? failure)
    {
        if (Volatile.Read(ref _extras)?.Telemetry is { } telemetry)
            Diagnostics.TryTracing.End(telemetry, failure);
    }

    /// <summary>Records the settled try's failure, then asks the retry policy whether and how the task tries again.</summary>
    private void RetryOrFail(Exception exception)
    {
        if (IsCompleted)
            return;
        var kernel = Kernel!;
        var history = Extras();
        var ended = kernel.Clock;
        // A try that never started (its executor refused it, or its worker was lost first) started when it ended.
        var started = State == TaskState.Launched ? ended : _tryStartedAt;
        lock (history)
            history.Failures.Add(new TryRecord(CurrentTry, _executor?.Label ?? "(none)", kernel.TimeOf(started), kernel.TimeOf(ended), exception));
        if (kernel.Observers.Any)
            PublishTry(kernel, RunEventKind.TryFailed, CurrentTry, exception);
        if (kernel.Retries.Decide(this, history, out var failure) is not { } decision)
        {
            TryFail(TaskState.Failed, failure);
            return;
        }
        history.NextExecutor = decision.Executor;
        if (decision.Arguments is { } arguments && !TryReplaceArguments(arguments))
        {
            TryFail(TaskState.Failed, new InvalidOperationException(
                $"The retry handler gave task {TaskId} ({App.Id}) arguments of type {arguments.GetType().Name}, but the app takes " +
                $"{App.InputTuple}: pass that tuple to RetryDecision.WithArguments (record.ArgumentsAs reads it).",
                exception));
            return;
        }
        if (!TryMoveToWaitingToRetry())
            return;
        if (kernel.IsDebugLogging)
            KernelLog.TryRetrying(kernel.Logger, TaskId, App.Id, CurrentTry, $"{exception.GetType().Name}: {Logging.Sentence.Clause(exception.Message)}", decision.Delay);
        if (kernel.Observers.Any)
            PublishTry(kernel, RunEventKind.RetryScheduled, CurrentTry, exception, decision.Delay);
        kernel.ScheduleRetry(this, decision.Delay);
    }

    private bool TryMoveToWaitingToRetry()
    {
        while (true)
        {
            var state = State;
            if (state.IsTerminal())
                return false;
            if (TryMoveState(state, TaskState.WaitingToRetry))
                return true;
        }
    }

    /// <summary>A join app's body returned <paramref name="inner"/>: the task completes when it does.</summary>
    internal void JoinOn(int number, AppFuture<T> inner)
    {
        TryMoveState(TaskState.Running, TaskState.Joining);
        inner.AddContinuation(new JoinCompletion(this, number));
    }

    private sealed class JoinCompletion(AppTask<T> join, int number) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future)
        {
            if (!join.TrySettle(number, out var control))
                return;
            control?.Dispose();
            var inner = (AppFuture<T>)future;
            if (inner.IsCompletedSuccessfully)
                join.TrySetResult(inner.GetCompletedResult());
            else if (inner is JoinResults.IGathered gathered)
                join.TryFail(TaskState.Failed, DependencyFailedException.OfJoin(join, gathered.Failed, gathered.Count));
            else if (inner.State == TaskState.Cancelled)
                join.TryFail(TaskState.Cancelled, inner.Exception!);
            else
                join.TryFail(TaskState.Failed, DependencyFailedException.OfJoin(join, [inner], 1));
        }
    }

    private protected sealed override bool TryCancel()
    {
        if (!TryFail(TaskState.Cancelled, new OperationCanceledException($"Task {TaskId} ({App.Id}) was cancelled by Cancel().")))
            return false;
        Volatile.Read(ref _control)?.Cancel();
        return true;
    }

    private protected sealed override void PublishResult()
    {
        if (!_ownsMemoEntry || !MemoKeeping.Keep(Kernel!, _memoKey, App, _result, DeclaredOutputFiles(), this))
            Publish(TaskState.Done, null);
    }

    void ICheckpointListener.OnCheckpointed() => Publish(TaskState.Done, null);

    /// <summary>
    /// Completes a task that joined an identical one in flight with that task's outcome. When the owner was cancelled
    /// by its own <see cref="AppFuture.Cancel"/>, the follower was not: it looks its key up again, and runs if no one else does.
    /// </summary>
    private sealed class MemoFollower(AppTask<T> follower) : IFutureListener
    {
        public void OnFutureCompleted(Dependency future)
        {
            var owner = (AppFuture<T>)future;
            if (owner.IsCompletedSuccessfully)
            {
                follower.TrySetResult(owner.GetCompletedResult());
                return;
            }
            var kernel = follower.Kernel!;
            if (owner.State == TaskState.Cancelled && !kernel.CancellationToken.IsCancellationRequested && !follower.IsCompleted)
            {
                follower.FromCache = false;
                try
                {
                    if (!follower.TryAnswerFromMemo(kernel, kernel.Memo!))
                        kernel.Launch(follower);
                }
                catch (Exception exception)
                {
                    follower.TryFail(TaskState.Failed, exception);
                }
                return;
            }
            follower.TryFail(owner.State, owner.Exception!);
        }
    }

    private protected override void OnCompleted()
    {
        if (_ownsMemoEntry)
            MemoKeeping.Release(Kernel!, _memoKey, this);
        Kernel!.OnTaskCompleted(this);
    }
}
