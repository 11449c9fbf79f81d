using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Parsl.Caching;
using Parsl.Checkpointing;
using Parsl.Dataflow;
using Parsl.Executors;
using Parsl.Logging;

namespace Parsl;

/// <summary>
/// The DataFlowKernel: tracks every task of a run, launches each on an executor as soon as all its input futures
/// are done, and fails it without running when an input failed. Load one per process with
/// <see cref="LoadAsync"/>; app stubs submit to it.
/// </summary>
public sealed class DataFlowKernel : IAsyncDisposable
{
    private static DataFlowKernel? s_current;
    private static readonly Lock s_loadGate = new();

    private readonly ParslConfig _config;
    private readonly IExecutor[] _executors;

    // Asked once: every task asks StagesOnWorker when its inputs resolve, and most runs have no executor that does.
    private readonly bool _anyStagesOnWorker;
    private readonly ExecutorRouting _routing;
    private readonly RunLoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly RunClock _runClock;
    private readonly Lock _drainGate = new();
    private readonly long[] _terminalCounts = new long[Enum.GetValues<TaskState>().Max(s => (int)s) + 1];
    private readonly RunSignals _signals;
    private TaskCounters _counters;
    private int _firstFailureLogged;
    private TaskCompletionSource? _drained;
    private Task? _disposal;
    // Set once disposal has drained the run: from then on a submission is refused. Until then tasks may still submit
    // (a join app's body runs while its own task is outstanding), and disposal waits for them too.
    private volatile bool _closed;

    private readonly UncheckpointableResults _uncheckpointable;
    private readonly FailureLedger _failures = new();

    private DataFlowKernel(ParslConfig config, string runDirectory, RunLoggerFactory loggerFactory)
    {
        _config = config;
        Memo = config.Memoize ? new MemoTable() : null;
        Serializer = new ResultSerializer(config.SerializerContexts);
        Retries = new RetryPolicy(config.Retries, config.RetryHandler);
        _executors = [.. config.Executors];
        _anyStagesOnWorker = _executors.Any(e => e.Staging.HasFlag(Parsl.Staging.StagingModes.OnWorker));
        _routing = new ExecutorRouting(_executors, config.Resources);
        RunDirectory = runDirectory;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DataFlowKernel>();
        IsDebugLogging = _logger.IsEnabled(LogLevel.Debug);
        Observers = new Events.RunObservers(_logger);
        Staging = new FileStaging(this, config.Staging, Path.Combine(config.RunDirectory, "staging"), Path.Combine(runDirectory, "staging-out"));
        foreach (var observer in config.Observers)
            Observers.Add(observer);
        CoarseClock.Acquire();
        _runClock = new RunClock();
        _signals = new RunSignals(this, config.ExitOnCtrlC);
        _uncheckpointable = new UncheckpointableResults(_logger);
    }

    /// <summary>Adds an observer of everything this run does from now on (<see cref="Events.RunEvent"/>); dispose the
    /// result to remove it. For observers present from the start, use <see cref="ParslConfig.Observers"/>.</summary>
    public IDisposable Observe(Events.IRunObserver observer) => Observers.Add(observer);

    internal Events.RunObservers Observers { get; }

    /// <summary>Fetches the remote files apps read and sends those they write, once per URL.</summary>
    internal FileStaging Staging { get; }

    /// <summary>The time of an event happening now.</summary>
    internal DateTimeOffset Now => new(_runClock.NowTicks, TimeSpan.Zero);

    /// <summary>The time of an event happening now, as UTC ticks (<see cref="Events.RunEvent.UtcTicks"/>).</summary>
    internal long NowTicks => _runClock.NowTicks;

    /// <summary>The loaded kernel that app stubs submit to.</summary>
    /// <exception cref="InvalidOperationException">No kernel is loaded.</exception>
    public static DataFlowKernel Current => Volatile.Read(ref s_current)
        ?? throw new InvalidOperationException(
            "No DataFlowKernel is loaded. Load one before calling apps: `await using var dfk = await DataFlowKernel.LoadAsync();` (or pass a ParslConfig).");

    /// <summary>The version of this library (Parsl's <c>parsl.__version__</c>), e.g. <c>0.2.0</c>; the run's log starts with it.</summary>
    public static string Version { get; } = typeof(DataFlowKernel).Assembly.GetName().Version is { } version
        ? $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}"
        : "0.0.0";

    /// <summary>This run's directory (e.g. <c>runinfo/003</c>), holding <c>parsl.log</c>.</summary>
    public string RunDirectory { get; }

    /// <summary>Names this run among the runs on a machine: its containers are named after it (run directories of
    /// different workflows share numbers).</summary>
    internal string RunTag { get; } = Guid.NewGuid().ToString("N")[..10];

    /// <summary>Cancelled when the run is cancelled (Ctrl-C, <see cref="Cancel()"/>, or disposal with cancellation).</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The executors of the loaded config.</summary>
    public IReadOnlyList<IExecutor> Executors => _executors;

    internal bool IsExitingOnSignal => _signals.Exiting;

    /// <summary>How long the run has been going.</summary>
    internal TimeSpan Elapsed => _clock.Elapsed;

    internal MemoTable? Memo { get; }

    internal CheckpointWriter? CheckpointWriter { get; private set; }

    internal ResultSerializer Serializer { get; }

    internal RetryPolicy Retries { get; }

    internal ILogger Logger => _logger;

    // Asked twice per task: read once per run rather than through the logger chain each time.
    internal bool IsDebugLogging { get; }

    internal TimeSpan GracePeriod => _config.CancellationGracePeriod;

    /// <summary>Milliseconds since the run started, for task records (<see cref="CoarseClock"/>); four bytes reach 49 days.</summary>
    internal uint Clock => _runClock.Elapsed;

    /// <summary>The time of day of a <see cref="Clock"/> reading.</summary>
    internal DateTimeOffset TimeOf(uint clock) => _runClock.TimeOf(clock);

    /// <summary>The run's span (<see cref="Diagnostics.ParslTelemetry"/>), the parent of its tries'; null when nobody traces.</summary>
    internal System.Diagnostics.Activity? RunSpan { get; private set; }

    /// <summary>The checkpoint file this run writes, or null when checkpointing is off.</summary>
    public string? CheckpointPath => CheckpointWriter?.FilePath;

    /// <summary>
    /// Starts a run: creates the run directory and its log, starts every executor, and makes the kernel
    /// <see cref="Current"/>. Dispose it to wait for outstanding tasks and stop the executors. The same config may be
    /// loaded again after that: its executors start afresh for every run.
    /// </summary>
    /// <param name="config">Executors and options; null loads <see cref="ParslConfig.LocalThreads"/>.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async ValueTask<DataFlowKernel> LoadAsync(ParslConfig? config = null, CancellationToken cancellationToken = default)
    {
        config ??= ParslConfig.LocalThreads();
        Validate(config);
        DataFlowKernel kernel;
        lock (s_loadGate)
        {
            if (s_current is { } loaded)
                throw new InvalidOperationException(
                    $"A DataFlowKernel is already loaded (run directory {loaded.RunDirectory}). Dispose it before loading another.");
            var runDirectory = Runs.RunDirectory.CreateNext(config.RunDirectory);
            var file = new FileLoggerProvider(Path.Combine(runDirectory, "parsl.log"), config.LogLevel);
            kernel = new DataFlowKernel(config, runDirectory, new RunLoggerFactory(file, config.LoggerFactory));
            s_current = kernel;
        }
        // Signals are the kernel's from the first moment: a Ctrl-C while a block is submitted or an executor starts
        // (a slow sbatch, several executors) cancels the run like one sent later.
        kernel._signals.Register();
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, kernel.CancellationToken);
        try
        {
            CheckpointLoading.Load(config.CheckpointFiles, config.Checkpoint, config.RunDirectory, kernel.RunDirectory, kernel.Memo, kernel._logger);
            if (config.Checkpoint != CheckpointMode.None)
            {
                if (kernel.Memo is null)
                    throw new ArgumentException("Checkpointing needs memoization: set Memoize = true or Checkpoint = CheckpointMode.None.", nameof(config));
                kernel.CheckpointWriter = new CheckpointWriter(kernel.RunDirectory, config.Checkpoint, kernel._logger);
            }
            var context = new ExecutorContext(kernel.RunDirectory, kernel._loggerFactory, kernel.CancellationToken, kernel.Observers, () => kernel.Now);
            foreach (var executor in kernel._executors)
            {
                starting.Token.ThrowIfCancellationRequested();
                await executor.StartAsync(context, starting.Token).ConfigureAwait(false);
            }
            starting.Token.ThrowIfCancellationRequested();
            KernelLog.RunStarted(kernel._logger, Version, kernel.RunDirectory, string.Join(", ", kernel._executors.Select(e => e.Label)));
            kernel.RunSpan = Diagnostics.TryTracing.StartRun(kernel.RunDirectory);
            if (kernel.Observers.Any)
                kernel.Observers.Publish(new Events.RunEvent { Kind = Events.RunEventKind.RunStarted, Time = kernel.Now, Message = kernel.RunDirectory });
            if (!kernel._signals.TryMarkStarted())
                throw new OperationCanceledException(kernel.CancellationToken); // a signal in the start's last instant
            return kernel;
        }
        catch (Exception exception)
        {
            await kernel.DisposeOnceAsync(config.ExitMode).ConfigureAwait(false);
            if (kernel._signals.DuringStart is { } signal)
            {
                if (kernel._config.ExitOnCtrlC)
                    kernel._signals.ExitAfterCancellation(signal.Name, signal.ExitCode); // disposed above; prints the summary and exits
                throw new OperationCanceledException($"The run was cancelled by {signal.Name} while its executors started.", exception, kernel.CancellationToken);
            }
            throw;
        }
    }

    /// <summary>Writes the cached results not yet written (<see cref="CheckpointMode.Manual"/>, or any mode at any time).</summary>
    /// <returns>How many results were written.</returns>
    /// <exception cref="IOException">The checkpoint file could not be written (now or earlier in the run): its message names the file and the reason.</exception>
    public int Checkpoint()
    {
        var writer = CheckpointWriter ?? throw new InvalidOperationException("This run has no checkpoint: set ParslConfig.Checkpoint to a mode other than None.");
        var written = writer.WritePending();
        return writer.Failure is { } failure
            ? throw new IOException($"Checkpoint {writer.FilePath} could not be written ({failure.Message}); results since are not checkpointed. Free space there, or give the run another RunDirectory.", failure)
            : written;
    }

    /// <summary>Says once per app that its results stay in memory only (see <see cref="UncheckpointableResults"/>).</summary>
    internal void ReportUncheckpointable(AppDescriptor app, Type resultType, Exception? failure = null) => _uncheckpointable.Report(app, resultType, failure);

    /// <summary>Something in the kernel's own completion path threw; the task it concerned has been failed where possible.</summary>
    internal void ReportInternalFault(Dependency dependency, Exception fault) =>
        _logger.LogError(fault, "Internal error while completing {Task}; the run goes on", dependency);

    private static void Validate(ParslConfig config)
    {
        if (config.Executors.Count == 0)
            throw new ArgumentException("The config defines no executors; add at least one (e.g. new ThreadPoolExecutor(\"local\")).", nameof(config));
        var duplicate = config.Executors.GroupBy(e => e.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The config defines executor label '{duplicate.Key}' more than once; labels must be unique.", nameof(config));
        if (config.Retries < 0)
            throw new ArgumentException($"ParslConfig.Retries must not be negative; it is {config.Retries}. Use 0 for no retries.", nameof(config));
        foreach (var (appId, resources) in config.Resources)
        {
            if (AppRegistry.Find(appId) is null)
                throw new ArgumentException($"ParslConfig.Resources names app '{appId}', which no loaded assembly declares. " +
                    $"Name an app by its id, Namespace.Class.Method{Closest(appId)}.", nameof(config));
            if (resources.IsMpi())
                resources.Mpi($"ParslConfig.Resources['{appId}']");
        }
    }

    /// <summary>", e.g. X" with the registered app whose method has the same name, if any.</summary>
    private static string Closest(string appId)
    {
        var method = appId[(appId.LastIndexOf('.') + 1)..];
        return AppRegistry.Apps.FirstOrDefault(a => a.Id.EndsWith("." + method, StringComparison.Ordinal)) is { } near ? $": did you mean '{near.Id}'?" : "";
    }

    /// <summary>What a call needs: the app's attribute, under the config's entry for the app, under the call's own.</summary>
    internal ResourceSpecification? ResourcesOf(AppDescriptor app, AppCallOptions? options) => _routing.ResourcesOf(app, options);

    /// <summary>Registers a new task and starts waiting for its inputs; called through the app's definition by its stub.</summary>
    internal AppFuture<T> Submit<T>(AppTask<T> task, CallSite callSite)
    {
        _routing.CheckCall(task.App, task.Options, callSite); // an unknown label fails the call itself, at the user's call site
        Interlocked.Increment(ref _counters.Outstanding);
        if (_closed)
        {
            if (Interlocked.Decrement(ref _counters.Outstanding) == 0)
                SignalIfDrained();
            throw new ObjectDisposedException(nameof(DataFlowKernel),
                $"The DataFlowKernel of run {RunDirectory} has been disposed; {task.App.Id} was called after its last task finished. Load a new kernel first.");
        }
        task.Submit(this, Interlocked.Increment(ref _counters.LastTaskId), callSite);
        if (Diagnostics.ParslTelemetry.TasksSubmitted.Enabled)
            Diagnostics.ParslTelemetry.TasksSubmitted.Add(1, new KeyValuePair<string, object?>("parsl.app", task.App.Id));
        return task;
    }

    /// <summary>Hands a task's next try to one of its executors (round-robin when it may use several).</summary>
    internal void Launch<T>(AppTask<T> task)
    {
        if (_cancellation.IsCancellationRequested)
        {
            task.FailCancelledBeforeStart(_cancellation.Token);
            return;
        }
        if (_routing.Choose(task.App, task.RequestedExecutor ?? task.Options?.Executor, task.CallSite, out var failure) is { } executor)
            task.LaunchTry(executor);
        else
            task.TryFail(TaskState.Failed, failure!);
    }

    /// <summary>Launches a task's next try after <paramref name="delay"/>: a timer, not a sleeping worker.</summary>
    internal void ScheduleRetry<T>(AppTask<T> task, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Launch(task);
            return;
        }
        // Cancelling the run ends the wait at once; Launch then cancels the task.
        _ = Task.Delay(delay, _cancellation.Token).ContinueWith(static (_, state) =>
        {
            var (kernel, task) = ((DataFlowKernel, AppTask<T>))state!;
            try
            {
                kernel.Launch(task);
            }
            catch (Exception exception)
            {
                task.TryFail(TaskState.Failed, exception);
            }
        }, (this, task), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Never inlined: a RunEvent local would be zeroed on every completion, observed or not (see AppTask's publishers).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PublishCompleted(AppFuture task, TaskState state) =>
        Observers.Publish(new Events.RunEvent { Kind = Events.RunEventKind.TaskCompleted, UtcTicks = NowTicks, TaskId = task.TaskId, App = task.App, State = state, Exception = task.Exception });

    internal void OnTaskCompleted(AppFuture task)
    {
        var state = task.State;
        Interlocked.Increment(ref _terminalCounts[(int)state]);
        try
        {
            if (state is TaskState.Failed or TaskState.DependencyFailed)
                _failures.Add(task);
            if (IsDebugLogging)
                KernelLog.TaskCompleted(_logger, task.TaskId, task.App.Id, state, task.Exception);
            if (Observers.Any)
                PublishCompleted(task, state);
            if (Diagnostics.ParslTelemetry.TasksCompleted.Enabled)
                Diagnostics.ParslTelemetry.TasksCompleted.Add(1, new("parsl.app", task.App.Id), new("parsl.state", state.ToString()));
            if (state == TaskState.Failed && Interlocked.Exchange(ref _firstFailureLogged, 1) == 0)
                KernelLog.FirstFailure(_logger, task.TaskId, task.App.Id, task.CallSite, task.Exception!);
        }
        finally
        {
            // Whatever failed above (a user's logger, an observer), the task is done: a run never waits for it.
            if (Interlocked.Decrement(ref _counters.Outstanding) == 0)
                SignalIfDrained();
        }
    }

    /// <summary>
    /// Whether a task's remote files are staged by its worker: when every executor it may run on asks for that
    /// (<see cref="IExecutor.Staging"/>), since the choice is made before its executor is.
    /// </summary>
    internal bool StagesOnWorker<T>(AppTask<T> task) =>
        _anyStagesOnWorker && ((task.RequestedExecutor ?? task.Options?.Executor) is { } label
            ? _executors.FirstOrDefault(e => e.Label == label) is { } named && named.Staging.HasFlag(Parsl.Staging.StagingModes.OnWorker)
            : _routing.For(task.App).All(e => e.Staging.HasFlag(Parsl.Staging.StagingModes.OnWorker)));

    /// <summary>Keeps the run from ending (as an outstanding task does) until <see cref="ReleaseDrain"/>: for work that
    /// is not a task but must finish, such as sending a written file to its URL.</summary>
    internal void HoldDrain() => Interlocked.Increment(ref _counters.Outstanding);

    internal void ReleaseDrain()
    {
        if (Interlocked.Decrement(ref _counters.Outstanding) == 0)
            SignalIfDrained();
    }

    // A lost index costs a later run a download, never a wrong file: warn and go on.
    private void SaveStagingIndex()
    {
        try
        {
            Staging.Index.Save();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(exception, "Could not save the index of staged files; a later run fetches them again");
        }
    }

    private void SignalIfDrained()
    {
        lock (_drainGate)
        {
            if (Volatile.Read(ref _counters.Outstanding) == 0 && _drained is { } drained)
            {
                _drained = null;
                drained.TrySetResult();
            }
        }
    }

    /// <summary>How many tasks are in each state.</summary>
    public TaskCounts Counts => new(
        Volatile.Read(ref _counters.LastTaskId),
        Volatile.Read(ref _terminalCounts[(int)TaskState.Done]),
        Volatile.Read(ref _terminalCounts[(int)TaskState.Failed]),
        Volatile.Read(ref _terminalCounts[(int)TaskState.DependencyFailed]),
        Volatile.Read(ref _terminalCounts[(int)TaskState.Cancelled]),
        (Memo?.Hits ?? 0) + (Memo?.Merged ?? 0));

    /// <summary>The run's failures so far, grouped by the app that failed first, with the apps skipped because of each.</summary>
    public string FailureReport() => _failures.Render();

    /// <summary>Completes when every task submitted so far has reached a terminal state.</summary>
    public Task WaitForCurrentTasksAsync()
    {
        lock (_drainGate)
        {
            if (Volatile.Read(ref _counters.Outstanding) == 0)
                return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>
    /// Cancels the run: tasks not yet started are cancelled, running bash apps are killed, and apps that take a
    /// <see cref="System.Threading.CancellationToken"/> see it cancelled. Their dependents are cancelled in turn.
    /// </summary>
    public void Cancel() => Cancel("Cancel() called");

    internal void Cancel(string reason)
    {
        if (_cancellation.IsCancellationRequested)
            return;
        KernelLog.Cancelling(_logger, reason, Volatile.Read(ref _counters.Outstanding));
        _cancellation.Cancel();
    }

    /// <summary>Waits for outstanding tasks (all of them, or after cancelling them), then stops the executors.</summary>
    /// <param name="cancelOutstanding">Cancel outstanding tasks instead of letting them finish.</param>
    public ValueTask ShutdownAsync(bool cancelOutstanding) => ShutdownAsync(cancelOutstanding ? ExitMode.Cancel : ExitMode.Wait);

    /// <summary>Ends the run as <paramref name="mode"/> says, whatever the config's <see cref="ParslConfig.ExitMode"/>.</summary>
    public ValueTask ShutdownAsync(ExitMode mode) => DisposeAsync(mode);

    /// <summary>
    /// Ends the run as the config's <see cref="ParslConfig.ExitMode"/> says (by default: waits for outstanding tasks),
    /// stops the executors and closes the log. Once cancelled, it waits at most the grace period.
    /// </summary>
    public ValueTask DisposeAsync() => DisposeAsync(_config.ExitMode);

    /// <summary>
    /// Loads a kernel, runs the workflow and ends the run. When the workflow returns, the run ends as the
    /// config's <see cref="ParslConfig.ExitMode"/> says; when an exception leaves it, outstanding tasks are cancelled, the
    /// run waits at most the grace period for them, and the exception is rethrown: a stuck task never hangs a failing
    /// program (<c>await using</c> cannot tell that an exception is on its way out).
    /// </summary>
    /// <param name="config">Executors and options; null loads <see cref="ParslConfig.LocalThreads"/>.</param>
    /// <param name="workflow">The workflow: calls apps and awaits what it needs.</param>
    public static Task RunAsync(ParslConfig? config, Func<DataFlowKernel, Task> workflow) => RunAsync(config, workflow, CancellationToken.None);

    /// <inheritdoc cref="RunAsync(ParslConfig?, Func{DataFlowKernel, Task})"/>
    /// <param name="config">Executors and options; null loads <see cref="ParslConfig.LocalThreads"/>.</param>
    /// <param name="workflow">The workflow: calls apps and awaits what it needs.</param>
    /// <param name="cancellationToken">Cancels start-up, and the run once started.</param>
    public static async Task RunAsync(ParslConfig? config, Func<DataFlowKernel, Task> workflow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        await RunAsync(config, async kernel =>
        {
            await workflow(kernel).ConfigureAwait(false);
            return Unit.Value;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="RunAsync(ParslConfig?, Func{DataFlowKernel, Task})"/>
    /// <returns>What <paramref name="workflow"/> returned.</returns>
    public static Task<T> RunAsync<T>(ParslConfig? config, Func<DataFlowKernel, Task<T>> workflow) => RunAsync(config, workflow, CancellationToken.None);

    /// <inheritdoc cref="RunAsync(ParslConfig?, Func{DataFlowKernel, Task}, CancellationToken)"/>
    /// <returns>What <paramref name="workflow"/> returned.</returns>
    public static async Task<T> RunAsync<T>(ParslConfig? config, Func<DataFlowKernel, Task<T>> workflow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var kernel = await LoadAsync(config, cancellationToken).ConfigureAwait(false);
        T result;
        using (cancellationToken.Register(static state => ((DataFlowKernel)state!).Cancel("the RunAsync caller's token"), kernel))
        {
            try
            {
                result = await workflow(kernel).ConfigureAwait(false);
            }
            catch
            {
                await kernel.DisposeAsync(ExitMode.Cancel).ConfigureAwait(false);
                throw;
            }
        }
        await kernel.DisposeAsync().ConfigureAwait(false);
        return result;
    }

    internal async ValueTask DisposeAsync(ExitMode mode)
    {
        await DisposeOnceAsync(mode).ConfigureAwait(false);
        // A signal's shutdown ends the process once the disposal is done. Like an app future's continuation during it,
        // the code after the caller's `await using` is dropped rather than left to race that exit.
        if (_signals.Exiting)
            await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
    }

    /// <summary>
    /// The run's one disposal. A second caller joins it (a signal's shutdown while the script's own disposal waits for the
    /// last tasks), so nobody goes on before the checkpoint and the executors are closed; one that asks for less waiting
    /// cancels the run first.
    /// </summary>
    internal Task DisposeOnceAsync(ExitMode mode)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _disposal, mine.Task, null) is { } underWay)
        {
            if (mode != ExitMode.Wait && !underWay.IsCompleted)
                Cancel($"disposal with ExitMode.{mode}");
            return underWay;
        }
        DisposeCoreAsync(mode).ContinueWith(static (done, state) => ((TaskCompletionSource)state!).SetFromTask(done), mine,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return mine.Task;
    }

    private async Task DisposeCoreAsync(ExitMode mode)
    {
        if (mode != ExitMode.Wait)
            Cancel($"disposal with ExitMode.{mode}");
        var drained = mode == ExitMode.Skip ? Volatile.Read(ref _counters.Outstanding) == 0 : await DrainAsync().ConfigureAwait(false);
        if (!drained && mode == ExitMode.Skip)
            KernelLog.Skipping(_logger, Volatile.Read(ref _counters.Outstanding));
        _closed = true;
        try
        {
            // A task submitted just before the door closed still runs: drain once more before the executors stop.
            if (drained && Volatile.Read(ref _counters.Outstanding) > 0)
                await DrainAsync().ConfigureAwait(false);
            await StopExecutorsAsync().ConfigureAwait(false);
            CheckpointLoading.Close(CheckpointWriter, _logger);
            SaveStagingIndex();
            KernelLog.RunFinished(_logger, _clock.Elapsed, Counts);
            if (Observers.Any)
                Observers.Publish(new Events.RunEvent { Kind = Events.RunEventKind.RunFinished, Time = Now, Message = Counts.ToString() });
            RunSpan?.SetTag("parsl.summary", Counts.ToString());
            RunSpan?.Stop();
            if (_failures.HasFailures)
            {
                var report = _failures.Render();
                _logger.LogWarning("{Report}", report);
                if (_config.PrintFailureReport && !_signals.Exiting)
                    Hosting.ScriptHost.Tell(report);
            }
        }
        finally
        {
            // Whatever failed above, the process is left able to load the next run, and Ctrl-C is the process's own again.
            CoarseClock.Release();
            // Until here a signal still shuts the run down in order (a Ctrl-C while the last tasks are awaited cancels them);
            // a signal's own shutdown keeps its handlers until the process exits.
            if (!_signals.Exiting)
                _signals.Dispose();
            lock (s_loadGate)
            {
                if (ReferenceEquals(s_current, this))
                    s_current = null;
            }
            _loggerFactory.Dispose(); // last: parsl.log's final flush may fail on a full disk
        }
    }

    /// <summary>Waits for outstanding tasks, or after cancellation at most the grace period; false when tasks were abandoned.</summary>
    private async Task<bool> DrainAsync()
    {
        var drained = WaitForCurrentTasksAsync();
        if (!_cancellation.IsCancellationRequested)
        {
            // Finish normally unless someone cancels while we wait.
            var cancelled = Task.Delay(Timeout.Infinite, _cancellation.Token);
            await Task.WhenAny(drained, cancelled).ConfigureAwait(false);
        }
        if (!drained.IsCompleted && await Task.WhenAny(drained, Task.Delay(_config.CancellationGracePeriod)).ConfigureAwait(false) != drained)
        {
            KernelLog.Abandoning(_logger, Volatile.Read(ref _counters.Outstanding), _config.CancellationGracePeriod);
            return false;
        }
        return true;
    }

    private async Task StopExecutorsAsync()
    {
        foreach (var executor in _executors)
        {
            try
            {
                await executor.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Executor {Label} failed to stop cleanly", executor.Label);
            }
        }
    }
}
