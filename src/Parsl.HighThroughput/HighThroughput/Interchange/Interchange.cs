using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The hub of a pilot-job run, in the workflow's process: managers connect to its endpoint (encrypted, and they must
/// present the run's token), it hands them batches of tries up to their capacity, takes back batches of
/// outcomes and reports each to its try, and watches their heartbeats. All socket work and all dispatch state live on
/// one thread (its loop's); other threads only queue tries and commands to it.
/// </summary>
internal sealed class Interchange : IDisposable
{
    private readonly string _label;
    private readonly ILogger _logger;
    private readonly InterchangeSettings _settings;
    private readonly IManagerEndpoint _endpoint;
    private readonly RefusalLog _refusals;
    private readonly IEventLoop _loop;
    private readonly ILoopInbox<Action> _commands;
    private readonly ConcurrentQueue<Dispatch> _submitted = new();
    private int _wakePending;
    private int _loopThreadId;

    // Loop thread only.
    private readonly LinkedList<Dispatch> _pending = new();
    private readonly Dictionary<long, Dispatch> _inFlight = new();
    private readonly Dictionary<byte[], ManagerState> _managers = new(ByteArrayComparer.Instance);
    private readonly ManagerRotation _rotation = new();
    private readonly ManagerAdmission _admission;
    private readonly WireWriter _out = new(64 * 1024);
    private readonly PauseMeter _pauses;
    private int _nextManagerId;
    private long _nextDispatchId;

    private volatile Exception? _failure;
    private volatile bool _shuttingDown;
    private int _outstanding;

    public Interchange(string label, InterchangeSettings settings, RunSecret secret, IManagerEndpoint endpoint, IEventLoop loop, ILogger logger, ExecutorContext? context = null)
    {
        _context = context;
        _label = label;
        _settings = settings;
        _admission = new ManagerAdmission(secret);
        _pauses = new PauseMeter(settings.HeartbeatPeriod);
        _logger = logger;
        _endpoint = endpoint;
        _refusals = new RefusalLog(label, logger);
        _endpoint.Refusing += kind =>
        {
            if (!_shuttingDown)
                _refusals.Refused(kind);
        };
        _loop = loop;
        _commands = loop.AddInbox<Action>(() => Guarded(OnCommands));
        loop.AddTimer(settings.HeartbeatPeriod, () => Guarded(OnHeartbeat));
        _endpoint.AttachTo(loop, () => Guarded(OnReceive));
        loop.RunInBackground($"parsl-{label}-interchange");
        _commands.Enqueue(() => _loopThreadId = Environment.CurrentManagedThreadId);
    }

    /// <summary>The TCP port managers connect to.</summary>
    public int Port => _endpoint.Port;

    /// <summary>Tries submitted and not yet settled (waiting, prefetched or running).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Why the interchange stopped, or null while it runs.</summary>
    public Exception? Failure => _failure;

    /// <summary>Raised on the interchange's thread when a manager of a block (the first argument) registers, leaves or is lost, for the block controller.</summary>
    public event Action<string, ManagerChange>? ManagerChanged;

    // The run's observers (manager and try-location events); null in tests that drive an interchange alone.
    private readonly ExecutorContext? _context;

    /// <summary>Per block: how many tries its managers hold, and since when it has held none.</summary>
    public ConcurrentDictionary<string, BlockActivity> Blocks { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues one try; from any thread.</summary>
    public void Submit(Dispatch dispatch)
    {
        if (_failure is { } failure)
        {
            dispatch.Try.ReportFailure(StoppedException(failure));
            return;
        }
        Interlocked.Increment(ref _outstanding);
        _submitted.Enqueue(dispatch);
        if (_failure is { } stopped)
        {
            // Stopped between the check above and the queueing: nothing will read the queue again, so fail what is in it.
            while (_submitted.TryDequeue(out var orphan))
                orphan.Try.ReportFailure(StoppedException(stopped));
            return;
        }
        // From the interchange's own thread (a dependent submitted while an outcome is reported) the queue is drained
        // when the handler ends; from any other thread one wake-up covers every try queued before it is seen.
        if (Environment.CurrentManagedThreadId != _loopThreadId && Interlocked.Exchange(ref _wakePending, 1) == 0)
            _commands.Enqueue(static () => { });
    }

    /// <summary>Asks every manager to stop; their workers stop with them.</summary>
    public void ShutdownManagers() => Post(() =>
    {
        _shuttingDown = true;
        foreach (var manager in _rotation)
            Send(manager, MessageKind.Shutdown);
    });

    /// <summary>
    /// Retires a block the executor released or gave up: its managers leave the rotation at once (so nothing new is sent
    /// to them), anything they still hold goes back in the queue, they are asked to stop, and a manager of that block
    /// that registers later (a frozen node thawing, an orphan whose block's job is gone) is refused.
    /// </summary>
    public void RetireBlock(string blockId) => Post(() =>
    {
        _admission.Retire(blockId);
        foreach (var manager in _rotation.Where(m => m.BlockId == blockId).ToList())
        {
            Send(manager, MessageKind.Shutdown);
            Forget(manager, ManagerChange.Left);
            foreach (var dispatch in manager.InFlight.ToList())
                Requeue(dispatch);
        }
    });

    /// <summary>Fails every try that is waiting for a worker, when no block can start.</summary>
    public void FailWaiting(Exception exception) => Post(() =>
    {
        DrainSubmitted();
        while (_pending.First is { } node)
        {
            _pending.RemoveFirst();
            if (!node.Value.Done)
                Settle(node.Value, exception);
        }
    });

    /// <summary>Stops the interchange with <paramref name="reason"/>, failing everything outstanding (tests simulate a crash with it).</summary>
    public void FailFromOutside(Exception reason) => Post(() => Fail(reason));

    private void Post(Action command)
    {
        if (_failure is null)
            _commands.Enqueue(command);
    }

    /// <summary>Runs a handler of the loop, then sends out what it made ready: tries submitted meanwhile, on this thread too.</summary>
    private void Guarded(Action handler)
    {
        try
        {
            handler();
            if (_failure is null)
            {
                DrainSubmitted();
                DispatchPending();
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private void OnCommands()
    {
        while (_commands.TryDequeue(out var command))
            command();
        // Cleared after the wake-ups are taken and before the queue is read (in Guarded): a try queued after the read wakes us again.
        Volatile.Write(ref _wakePending, 0);
    }

    private void DrainSubmitted()
    {
        while (_submitted.TryDequeue(out var dispatch))
        {
            dispatch.Id = ++_nextDispatchId;
            _pending.AddLast(dispatch);
            var token = dispatch.Try.CancellationToken;
            if (token.CanBeCanceled)
                dispatch.Cancellation = token.UnsafeRegister(static state => CancelFromAnyThread((CancelRequest)state!), new CancelRequest(this, dispatch));
        }
    }

    private sealed record CancelRequest(Interchange Interchange, Dispatch Dispatch);

    private static void CancelFromAnyThread(CancelRequest request) => request.Interchange.Post(() => request.Interchange.Cancel(request.Dispatch));

    private void Cancel(Dispatch dispatch)
    {
        if (dispatch.Done)
            return;
        if (dispatch.Manager is null)
        {
            // Still waiting here: it never ran.
            Settle(dispatch, new OperationCanceledException($"Task {dispatch.Try.TaskId} ({dispatch.Try.App.Id}) was cancelled before a worker took it."));
            return;
        }
        dispatch.CancelRequested = true;
        Send(dispatch.Manager, new CancelMessage(dispatch.Id));
    }

    private void OnReceive()
    {
        // Everything that has arrived is handled before anything is sent, so outcomes and new tries go out in batches.
        while (_endpoint.TryReceive(out var arrival))
        {
            if (arrival.Closed)
            {
                OnClosed(arrival.Peer);
                continue;
            }
            try
            {
                Handle(arrival.Peer, arrival.Payload.Span);
            }
            catch (WireFormatException exception)
            {
                OnMalformed(arrival.Peer, exception);
            }
        }
    }

    /// <summary>A connection closed without a goodbye (only transports that see each peer's connection report it).</summary>
    private void OnClosed(byte[] identity)
    {
        if (_managers.TryGetValue(identity, out var manager))
            LoseManager(manager, "its connection closed without a goodbye (the manager or its node died, or the network between them broke)");
        else if (!_admission.Closed(identity) && !_shuttingDown)
            _refusals.Refused("a connection that closed before registering (a manager that stopped while its first worker started, or a peer that is not a manager)");
        // While the run shuts down, managers still starting (their first worker not ready yet) close like this: no news.
    }

    private void Handle(byte[] identity, ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var kind = WireProtocol.ReadKind(ref reader);
        if (!_managers.TryGetValue(identity, out var manager))
        {
            // A refused peer was told why once; whatever it sends after that is dropped unread.
            if (_admission.WasRefused(identity))
                return;
            if (kind == MessageKind.Register)
                OnRegister(identity, RegisterMessage.ReadBody(ref reader));
            else
                _refusals.Refused("a message from a peer that has not registered");
            return;
        }
        manager.LastHeard = Environment.TickCount64;
        switch (kind)
        {
            case MessageKind.Progress:
                var progress = new ProgressFromManager(this, manager);
                ProgressMessage.ReadBody(ref reader, ref progress);
                break;
            case MessageKind.ManagerBeat:
                ManagerBeatMessage.ReadBody(ref reader);
                break;
            case MessageKind.Goodbye:
                reader.EnsureEnd();
                LoseManager(manager, "it shut down", departed: true);
                break;
            default:
                throw new WireFormatException($"message kind {(byte)kind} is not one a manager sends");
        }
    }

    private void OnRegister(byte[] identity, in RegisterMessage register)
    {
        if (_admission.Judge(register) is { } refusal)
        {
            _admission.Refused(identity);
            SendRefused(identity, refusal.ToManager);
            _endpoint.Refuse(identity);
            _refusals.Refused(refusal.Kind, refusal.Detail);
            return;
        }
        var (blockId, host, pid, workers, prefetch) = (register.BlockId, register.Host, register.Pid, register.Workers, register.Prefetch);
        var manager = new ManagerState(identity, ++_nextManagerId, blockId, host, pid, workers, prefetch);
        _managers.Add(identity, manager);
        _rotation.Add(manager);
        var activity = Blocks.GetOrAdd(blockId, static _ => new BlockActivity());
        activity.Connected(workers);
        _logger.LogInformation("Executor {Label}: {Manager} connected with {Workers} workers", _label, manager, workers);
        HtexMetrics.ManagersConnected.Add(1);
        HtexMetrics.WorkersConnected.Add(workers);
        Send(manager, new WelcomeMessage(manager.Id));
        if (_context is { IsObserved: true } context)
            context.Publish(new Events.RunEvent { Kind = Events.RunEventKind.ManagerConnected, Time = context.Now, Executor = _label, Block = blockId, Where = manager.ToString(), Workers = workers });
        ManagerChanged?.Invoke(blockId, ManagerChange.Connected);
    }

    /// <summary>Reports what a manager's progress message says to the tries it names; stale ones (re-run elsewhere) are skipped.</summary>
    private readonly struct ProgressFromManager(Interchange interchange, ManagerState manager) : IProgressHandler
    {
        public void Started(long dispatchId, TimeSpan ago)
        {
            if (!interchange._inFlight.TryGetValue(dispatchId, out var dispatch) || dispatch.Manager != manager)
                return;
            dispatch.Try.ReportStarted(manager.Placement, ago); // placement made once per manager: free for runs nobody observes
        }

        public void Ended(long dispatchId, ReadOnlySpan<byte> encoded)
        {
            // Read whole first: a stale outcome is skipped, not half read.
            var outcome = Outcome.Read(encoded);
            if (!interchange._inFlight.TryGetValue(dispatchId, out var dispatch) || dispatch.Manager != manager)
                return;
            interchange.OnOutcome(dispatch, outcome);
        }
    }

    private void OnOutcome(Dispatch dispatch, in Outcome outcome)
    {
        if (outcome.Usage is { } usage)
            dispatch.Try.ReportUsage(usage.ToTryUsage());
        switch (outcome.Status)
        {
            case OutcomeStatus.Succeeded:
                Finish(dispatch);
                HtexMetrics.TasksCompleted.Add(1);
                dispatch.Try.ReportEncodedResult(outcome.Result);
                break;
            case OutcomeStatus.Failed:
                Settle(dispatch, outcome.Failure!.ToException(dispatch.Try.App, dispatch.Try.TaskId, _label));
                break;
            case OutcomeStatus.Cancelled:
                Settle(dispatch, new OperationCanceledException($"Task {dispatch.Try.TaskId} ({dispatch.Try.App.Id}) was cancelled on its worker."));
                break;
            default:
                OnWorkerLost(dispatch, outcome.Detail!);
                break;
        }
    }

    /// <summary>Takes a dispatch out of the books; it will not be re-run.</summary>
    private void Finish(Dispatch dispatch)
    {
        dispatch.Done = true;
        Detach(dispatch);
        dispatch.Cancellation.Dispose();
        Interlocked.Decrement(ref _outstanding);
    }

    private void Settle(Dispatch dispatch, Exception exception)
    {
        Finish(dispatch);
        dispatch.Try.ReportFailure(exception);
    }

    private void OnWorkerLost(Dispatch dispatch, string detail)
    {
        if (dispatch.CancelRequested)
        {
            Settle(dispatch, new OperationCanceledException($"Task {dispatch.Try.TaskId} ({dispatch.Try.App.Id}) was stopped by killing its worker ({detail})."));
            return;
        }
        dispatch.Losses++;
        HtexMetrics.WorkersLost.Add(1);
        if (dispatch.Losses > _settings.WorkerLossRetries)
        {
            Finish(dispatch);
            dispatch.Try.ReportWorkerLost(_label, $"{detail}; a worker died {dispatch.Losses} times while running this task, so it is not run again " +
                $"(HighThroughputExecutor.WorkerLossRetries is {_settings.WorkerLossRetries}): the task itself may be killing its worker (memory, a crash in native code)");
            return;
        }
        Requeue(dispatch);
    }

    /// <summary>Runs a dispatch again elsewhere, ahead of the tries that have not run yet, under a new id.</summary>
    private void Requeue(Dispatch dispatch)
    {
        Detach(dispatch);
        dispatch.Manager = null;
        dispatch.Id = ++_nextDispatchId;
        _pending.AddFirst(dispatch);
    }

    /// <summary>Takes a dispatch off the books of the manager (and block) holding it.</summary>
    private void Detach(Dispatch dispatch)
    {
        _inFlight.Remove(dispatch.Id);
        if (dispatch.Manager is not { } manager)
            return;
        manager.InFlight.Remove(dispatch);
        if (Blocks.TryGetValue(manager.BlockId, out var activity))
            activity.TaskEnded();
    }

    private void DispatchPending()
    {
        var observed = _context is { IsObserved: true };
        while (_pending.Count > 0 && _rotation.Count > 0)
        {
            var manager = _rotation.NextWithRoom();
            if (manager is null)
                return;
            var room = manager.Free;
            var batch = new DispatchBatch(_out, MessageKind.Tasks);
            while (batch.Count < room && _pending.First is { } first)
            {
                _pending.RemoveFirst();
                var dispatch = first.Value;
                if (dispatch.Done)
                    continue;
                dispatch.Manager = manager;
                manager.InFlight.Add(dispatch);
                _inFlight[dispatch.Id] = dispatch;
                batch.Add(dispatch.ToMessage(observed));
                if (Blocks.TryGetValue(manager.BlockId, out var activity))
                    activity.TaskStarted();
            }
            if (batch.Count == 0)
                continue;
            _endpoint.Send(manager.Identity, batch.ToFrame());
            HtexMetrics.TasksDispatched.Add(batch.Count);
        }
    }

    private void OnHeartbeat()
    {
        _refusals.Flush();
        var paused = _pauses.Tick();
        if (paused >= (long)_settings.HeartbeatPeriod.TotalMilliseconds)
            _logger.LogInformation("Executor {Label}: the workflow's process did not run for {Seconds:0.#} s (stopped, or its machine paused or overloaded); managers are not held to that silence",
                _label, paused / 1000.0);
        var now = Environment.TickCount64;
        var threshold = (long)_settings.HeartbeatThreshold.TotalMilliseconds;
        foreach (var manager in _rotation.ToList())
        {
            if (paused > 0)
                manager.LastHeard = PauseMeter.Forgive(manager.LastHeard, paused);
            if (now - manager.LastHeard > threshold)
                LoseManager(manager, $"no heartbeat for {(now - manager.LastHeard) / 1000.0:0.#} s (HeartbeatThreshold is {_settings.HeartbeatThreshold.TotalSeconds:0.#} s)");
            else
                Send(manager, MessageKind.InterchangeBeat);
        }
    }

    /// <summary>Forgets a manager and runs what it held elsewhere; logged unless it said goodbye holding nothing.</summary>
    private void LoseManager(ManagerState manager, string reason, bool departed = false)
    {
        if (!_managers.ContainsKey(manager.Identity))
            return;
        // A manager that is only frozen or cut off reads this when it comes back, and goes: its tries already run elsewhere.
        if (!departed)
            SendRefused(manager.Identity, $"the interchange declared it lost ({reason}) and gave its tasks to other workers");
        Forget(manager, departed ? ManagerChange.Left : ManagerChange.Lost);
        if (!departed && _context is { IsObserved: true } context)
            context.Publish(new Events.RunEvent { Kind = Events.RunEventKind.ManagerLost, Time = context.Now, Executor = _label, Block = manager.BlockId, Where = manager.ToString(), Workers = manager.Workers, Message = reason });
        var lost = manager.InFlight.ToList();
        if (lost.Count > 0 || !departed)
            _logger.LogWarning("Executor {Label}: lost {Manager}: {Reason}; {Count} of its tasks go to other workers", _label, manager, reason, lost.Count);
        foreach (var dispatch in lost)
            OnWorkerLost(dispatch, $"{manager} was lost: {reason}");
    }

    /// <summary>Removes a manager from the books, once, and tells the block controller how it went.</summary>
    private void Forget(ManagerState manager, ManagerChange change)
    {
        if (!_managers.Remove(manager.Identity))
            return;
        _endpoint.Drop(manager.Identity);
        _admission.Forgot(manager.Identity);
        _rotation.Remove(manager);
        HtexMetrics.ManagersConnected.Add(-1);
        HtexMetrics.WorkersConnected.Add(-manager.Workers);
        if (Blocks.TryGetValue(manager.BlockId, out var activity))
            activity.Disconnected(manager.Workers);
        ManagerChanged?.Invoke(manager.BlockId, change);
    }

    private void OnMalformed(byte[] identity, WireFormatException exception)
    {
        if (_managers.TryGetValue(identity, out var manager))
        {
            // A registered manager that sends garbage cannot be trusted with tries: they go elsewhere.
            LoseManager(manager, "it sent a malformed message: " + exception.Message);
            return;
        }
        _endpoint.Refuse(identity);
        _refusals.Refused("a malformed message", exception.Message);
    }

    private void SendRefused(byte[] identity, string reason) => _endpoint.Send(identity, WireProtocol.Frame(_out, new RefusedMessage(reason)));

    private void Send<TMessage>(ManagerState manager, in TMessage message) where TMessage : IProtocolMessage =>
        _endpoint.Send(manager.Identity, WireProtocol.Frame(_out, message));

    private void Send(ManagerState manager, MessageKind bodiless) => _endpoint.Send(manager.Identity, WireProtocol.Frame(bodiless));

    private Exception StoppedException(Exception cause) =>
        new InvalidOperationException($"The interchange of executor '{_label}' stopped: {cause.Message}", cause);

    private void Fail(Exception cause)
    {
        if (_failure is not null)
            return;
        _failure = cause;
        _logger.LogError(cause, "Executor {Label}: the interchange stopped; failing its outstanding tasks", _label);
        var error = StoppedException(cause);
        DrainSubmitted();
        foreach (var dispatch in _pending.Concat(_inFlight.Values).Where(d => !d.Done).Distinct().ToList())
        {
            try
            {
                Settle(dispatch, error);
            }
            catch (Exception)
            {
                // reporting must go on for the others
            }
        }
        _pending.Clear();
        _loop.Stop();
    }

    public void Dispose()
    {
        try
        {
            _loop.Dispose();
        }
        catch (Exception exception)
        {
            _logger.LogDebug(exception, "Executor {Label}: stopping the interchange", _label);
        }
        _endpoint.Dispose();
        // Whatever is still outstanding will get no answer from here: fail it rather than leave it hanging.
        var error = new InvalidOperationException($"Executor '{_label}' shut down before the task finished.");
        while (_submitted.TryDequeue(out var dispatch))
            dispatch.Try.ReportFailure(error);
        foreach (var dispatch in _pending.Concat(_inFlight.Values).Where(d => !d.Done).Distinct().ToList())
            dispatch.Try.ReportFailure(error);
    }
}
