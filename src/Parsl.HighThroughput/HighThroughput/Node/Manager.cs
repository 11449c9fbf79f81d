using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A block's manager on one node: starts the workers, registers with the interchange once the first is ready, keeps the
/// tries it is sent (up to one per worker plus the prefetch), hands each idle worker the next, and sends back what
/// started and how each ended, in batches. A worker that dies is noticed at once (its process exits) and replaced,
/// and its try is reported lost. Without word from the interchange for the heartbeat threshold the manager stops,
/// with its workers: nothing outlives a workflow that is gone.
/// </summary>
internal sealed class Manager
{
    private const int MaxConsecutiveStartFailures = 3;
    private static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    // How long a stopping manager waits for its idle workers to exit by themselves (a runtime's shutdown: tens of ms).
    private static readonly TimeSpan WorkerExitGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReaderGrace = TimeSpan.FromMilliseconds(500);

    private readonly int _parentAtStart;
    private readonly string _blockId;
    private readonly string _poolId = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly RunSecret _secret;
    private readonly TimeSpan _heartbeatPeriod;
    private readonly TimeSpan _heartbeatThreshold;
    private readonly TimeSpan _stopGrace;
    private readonly int _prefetch;
    private readonly WorkerSlot[] _workers;
    private readonly WorkAssignment _assignment;
    private readonly WorkerStarter _starter;
    private readonly string? _stagingFolder;
    private readonly Action<DispatchMessage> _enqueue;
    private readonly HashSet<long> _stopRequested = new();
    // What started and ended since the last flush, sent to the interchange as one message. Starts alone wait for the
    // next outcome or the next tick (at most 100 ms; their age says when they happened): on a node busy with short tries
    // they ride with outcomes instead of costing a message through interchange and kernel each (docs/performance.md:
    // a quarter of the workflow's CPU per one-node MPI try). A timed try's start goes at once: its walltime clock waits.
    private readonly ProgressMessage _progress = new();
    private bool _startIsUrgent;
    // The interchange drops the connection of a manager whose message passes HighThroughputExecutor.MaxMessageBytes
    // (every try of the node would then be lost, and the oversized one re-run to the same end): an outcome that large
    // fails its try here, saying why, and a batch that would pass it is sent in two.
    private readonly long _maxMessage;
    private readonly WireWriter _out = new(1024);
    private readonly WireWriter _scratch = new(256);
    private readonly ITransport _transport;
    private readonly Task<IInterchangeLink> _linking;
    private IInterchangeLink _interchange = null!;
    private IEventLoop _loop = null!;
    private ILoopInbox<Action> _events = null!;
    private ILoopInbox<WorkerNews> _fromWorkers = null!;
    private long _lastHeard = Environment.TickCount64;
    private readonly PauseMeter _pauses = new(Tick); // ticked by both timers, so never more than a tick apart when running
    private bool _registered;
    private bool _welcomed;
    private bool _stopping;
    private int _startFailures;
    private int _exitCode;

    public Manager(HostArguments options)
    {
        _parentAtStart = ProcessFamily.ParentId();
        _blockId = options.Required("block");
        _secret = RunSecret.ReadFrom(options.Required("secret-file"));
        // The link to the interchange (a gRPC channel and its TLS handshake: the slowest part of a manager's start) is
        // made on the thread pool from here on, while the manager sets itself up and starts its first worker.
        var interchange = options.Required("interchange");
        _transport = ITransport.Of(_secret.Transport);
        _linking = Task.Run(() => _transport.Connect(interchange, _secret));
        _heartbeatPeriod = options.Milliseconds("heartbeat-period", TimeSpan.FromSeconds(10));
        _heartbeatThreshold = options.Milliseconds("heartbeat-threshold", TimeSpan.FromSeconds(60));
        _stopGrace = options.Milliseconds("stop-grace", TimeSpan.FromSeconds(1));
        _prefetch = options.Int("prefetch", 0);
        _maxMessage = Math.Min(options.Long("max-message", 1L << 30), int.MaxValue);
        var perCore = (int)Math.Floor(Environment.ProcessorCount / options.Double("cores-per-worker", 1));
        var count = Math.Max(1, Math.Min(options.Optional("max-workers") is null ? int.MaxValue : options.Int("max-workers"), Math.Max(perCore, 1)));
        var mpi = Mpi(options);
        if (mpi is not null)
            count = mpi.Nodes.Total; // each MPI try holds at least one node: as many workers as nodes
        _workers = Enumerable.Range(0, count).Select(i => new WorkerSlot(i)).ToArray();
        _assignment = new WorkAssignment(_workers, _prefetch, mpi, Refuse);
        _enqueue = _assignment.Add;
        _stagingFolder = MakeStagingFolder();
        _starter = new WorkerStarter(options, count, _poolId, _blockId, _stagingFolder, news => _fromWorkers.Enqueue(news));
    }

    /// <summary>MPI mode (<c>--mpi-launcher</c>): the block's nodes, from its batch system, for the tries to share, and
    /// how many GPUs each has (<c>--gpus-per-node</c>, else as the node tells).</summary>
    private MpiPlacement? Mpi(HostArguments options)
    {
        if (options.Optional("mpi-launcher") is not { } name)
            return null;
        var launcher = Enum.Parse<MpiLauncher>(name, ignoreCase: true);
        var (nodes, source) = BlockNodes.Discover(Environment.GetEnvironmentVariable);
        var gpus = NodeGpus.Discover(options.Optional("gpus-per-node") is null ? null : options.Int("gpus-per-node"), Environment.GetEnvironmentVariable, "/dev");
        Log($"block {_blockId}: MPI mode ({launcher}), {nodes.Count} nodes from {source}: {string.Join(", ", nodes)}; {gpus.Describe()}");
        return new MpiPlacement(launcher, new NodePool(nodes), source, _blockId, Path.Combine(options.Required("log-dir"), $"mpi-hosts-{_blockId}-{Environment.ProcessId}"),
            Environment.ProcessorCount, gpus);
    }

    /// <summary>Collects a worker's outcome for the next message: alone in a message of its own if the collected ones
    /// would make it too large, and as a failure that says so if it is too large by itself.</summary>
    private void AddOutcome(DispatchMessage dispatch, ReadOnlySpan<byte> outcome)
    {
        var limit = _maxMessage - 1024; // room for the transport's own framing
        if (ProgressMessage.SizeOf(0, ProgressMessage.SizeOfOutcome(outcome.Length)) > limit)
        {
            _scratch.Reset();
            Outcome.WriteFailed(_scratch, RemoteFailure.From(new InvalidOperationException(TooLarge(dispatch, outcome.Length))));
            outcome = _scratch.WrittenSpan;
        }
        if (!_progress.IsEmpty && _progress.Size + ProgressMessage.SizeOfOutcome(outcome.Length) > limit)
            Flush(startsToo: true);
        _progress.Ended(dispatch.DispatchId, outcome);
    }

    private string TooLarge(DispatchMessage dispatch, int length) => string.Create(CultureInfo.InvariantCulture,
        $"Task {dispatch.TaskId} ({dispatch.AppId}): its outcome is {length:N0} bytes, more than the executor's MaxMessageBytes ({_maxMessage:N0}) lets through to the workflow. Write a large result to a file and return the file (a DataFile parameter marked [Output]), or raise HighThroughputExecutor.MaxMessageBytes (at most 2 GiB).");

    /// <summary>A try that can never run here fails at once, with the reason.</summary>
    private void Refuse(DispatchMessage dispatch, string reason)
    {
        _scratch.Reset();
        Outcome.WriteFailed(_scratch, RemoteFailure.From(new InvalidOperationException(reason)));
        _progress.Ended(dispatch.DispatchId, _scratch.WrittenSpan);
    }

    public int Run()
    {
        Log($"block {_blockId}: starting {_workers.Length} workers");
        // The first worker starts at once, while the link to the interchange is being made. The others start
        // once the interchange has welcomed the manager: a first result is not slowed by a node's worth of runtimes
        // starting at once on the same cores. Workers are started from this thread, which runs the loop for the
        // manager's whole life: a worker's parent-death signal is tied to the thread that started it.
        var firstReader = _starter.Start(_workers[0]);
        // The loop (for NetMQ its context, threads and sockets: ~40 ms of a fresh process) is made while the worker's runtime starts.
        _loop = _transport.CreateLoop();
        _fromWorkers = _loop.AddInbox<WorkerNews>(OnWorkers);
        _events = _loop.AddInbox<Action>(() =>
        {
            while (_events.TryDequeue(out var action))
                action();
            Flush();
        });
        _loop.AddTimer(_heartbeatPeriod, OnHeartbeat);
        _loop.AddTimer(Tick, () =>
        {
            ForgivePause();
            KillOverdueWorkers();
            StopIfOrphaned();
            Flush(startsToo: true);
        });
        firstReader.Start();
        _interchange = _linking.GetAwaiter().GetResult();
        _interchange.AttachTo(_loop, OnInterchange);

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _events.Enqueue(() => Stop("the block was cancelled (SIGTERM)", 0));
        });
        _loop.Run();

        // Whatever the clean-up below meets, the process ends within seconds: a block's job (or the scheduler killing
        // it) must not leave a manager behind.
        new Thread(() =>
        {
            Thread.Sleep(ShutdownDeadline);
            Log($"shutting down took longer than {ShutdownDeadline.TotalSeconds:0} s; ending the process");
            Environment.Exit(_exitCode);
        }) { IsBackground = true, Name = "parsl-manager-exit-deadline" }.Start();
        try
        {
            EndWorkers(WorkerExitGrace);
        }
        finally
        {
            RemoveStagingFolder();
        }
        _loop.Dispose();
        _interchange.Dispose();
        _transport.EndProcess();
        return _exitCode;
    }

    /// <summary>
    /// The folder the block's workers stage files into (<see cref="WorkerFileStaging"/>): private to this user (mkdtemp:
    /// mode 0700, a fresh name), so no other user of the node can plant a file that a worker would take for a staged
    /// one, or keep this block's workers from staging at all. Null when the temporary folder takes none: the block still
    /// runs, and a try that stages says why it cannot.
    /// </summary>
    private string? MakeStagingFolder()
    {
        try
        {
            return Directory.CreateTempSubdirectory(WorkerFileStaging.FolderPrefix).FullName;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log($"block {_blockId}: no staging folder in {Path.GetTempPath()} ({exception.Message}); set TMPDIR in worker_init to a folder the node can write");
            return null;
        }
    }

    /// <summary>The block's staged files go with it, once its workers have ended.</summary>
    private void RemoveStagingFolder()
    {
        if (_stagingFolder is null)
            return;
        try
        {
            Directory.Delete(_stagingFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // removed by hand, or by the node's own clean-up
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log($"block {_blockId}: could not remove its staging folder {_stagingFolder}: {exception.Message}");
        }
    }

    /// <summary>
    /// Starts a worker with a pipe each way: its ends are inherited by that worker alone (workers are started one at a
    /// time, on this thread, and this process lets go of them at once), and a thread reads what the worker sends.
    /// </summary>
    private void StartWorker(WorkerSlot worker) => _starter.Start(worker).Start();

    private void OnWorkers()
    {
        while (_fromWorkers.TryDequeue(out var news))
        {
            if (news.Generation != news.Worker.Generation)
                continue;
            if (news.Frame is null)
            {
                OnWorkerExited(news.Worker, news.Process);
                continue;
            }
            try
            {
                var reader = new WireReader(news.Frame);
                switch (WireProtocol.ReadKind(ref reader))
                {
                    case MessageKind.Ready:
                        OnWorkerReady(news.Worker, ReadyMessage.ReadBody(ref reader));
                        break;
                    case MessageKind.WorkerProgress:
                        var progress = new ProgressFromWorker(this, news.Worker);
                        ProgressMessage.ReadBody(ref reader, ref progress);
                        break;
                    case var kind:
                        throw new WireFormatException($"message kind {(byte)kind} is not one a worker sends");
                }
            }
            catch (WireFormatException exception)
            {
                Log($"ignored a malformed message from worker {news.Worker.Index}: " + exception.Message);
            }
        }
        AssignWork();
        Flush();
    }

    private void OnWorkerReady(WorkerSlot worker, in ReadyMessage ready)
    {
        if (!ready.Speaks)
        {
            Stop($"worker {worker.Index} speaks protocol version {ready.Version} and this manager version {WireProtocol.Version}: " +
                "the Parsl.HighThroughput.dll it was started from changed under this manager; install one Parsl build on the node and start the workflow again", 3);
            return;
        }
        var pid = ready.Pid;
        if (worker.Process?.Id != pid)
        {
            Log($"worker {worker.Index} says it is pid {pid}, but the manager started pid {Processes.IdOf(worker.Process)}; stopping it");
            if (worker.Process is { } process)
                Processes.TryKill(process);
            return;
        }
        worker.Ready = true;
        _startFailures = 0;
        if (_registered)
            return;
        Register();
    }

    private void Register()
    {
        _registered = true;
        _interchange.Send(WireProtocol.Frame(_out, new RegisterMessage(
            WireProtocol.Version, _secret.Token, _blockId, Environment.MachineName, Environment.ProcessId, _workers.Length, _prefetch)));
        Log($"block {_blockId}: asked the interchange to register it ({_workers.Length} workers, prefetch {_prefetch})");
    }

    /// <summary>Takes a worker's outcomes, passed on unread; the try it holds next starts now.</summary>
    private readonly struct ProgressFromWorker(Manager manager, WorkerSlot worker) : IProgressHandler
    {
        public void Started(long dispatchId, TimeSpan ago)
        {
            // Workers report no starts (the manager knows them: see OnStarting); one that did is from another build.
        }

        public void Ended(long dispatchId, ReadOnlySpan<byte> outcome)
        {
            if (manager._assignment.Finished(worker, dispatchId) is not { } dispatch)
                return;
            manager._stopRequested.Remove(dispatchId);
            if (worker.StopId == dispatchId)
            {
                worker.StopId = 0;
                worker.StopDeadline = 0;
            }
            manager.AddOutcome(dispatch, outcome);
            manager.OnStarting(worker);
        }
    }

    /// <summary>
    /// A worker runs the tries it holds in order, each as soon as the one before ends: a try starts when it becomes the
    /// first its worker holds — handed to an idle worker, or next when the one before ended. The manager reports that
    /// start itself (a worker's own report cost two thread wake-ups in the worker and two here per try, and a long try's
    /// waited for a timer). A try asked to stop is not reported: the worker skips it, or is killed after the grace
    /// period.
    /// </summary>
    private void OnStarting(WorkerSlot worker)
    {
        if (worker.Assigned.First?.Value is not { } running)
            return;
        if (_stopRequested.Contains(running.DispatchId))
        {
            ArmStop(worker, running.DispatchId);
            return;
        }
        _progress.Started(running.DispatchId, TimeSpan.Zero);
        if (running.Walltime.Ticks > 0)
            _startIsUrgent = true; // its walltime clock waits for the start
    }

    private void OnWorkerExited(WorkerSlot worker, Process process)
    {
        var code = Processes.ExitCodeOf(process);
        process.Dispose();
        worker.Process = null;
        worker.ToWorker?.Dispose();
        worker.ToWorker = null;
        var wasReady = worker.Ready;
        worker.Ready = false;
        var signal = code > 128 ? code - 128 : 0;
        var how = signal > 0 ? $"was killed by signal {signal}" : $"exited with code {code}";
        // It ran its tries in order: the first unfinished one died with it; the others never started and go back in line.
        if (_assignment.WorkerLost(worker) is { } running)
        {
            _scratch.Reset();
            Outcome.WriteWorkerLost(_scratch, $"worker {worker.Index} (block {_blockId} on {Environment.MachineName}) {how}");
            _progress.Ended(running.DispatchId, _scratch.WrittenSpan);
        }
        if (_stopping)
            return;
        Log($"worker {worker.Index} {how}; starting another");
        // Killed from outside (SIGKILL, SIGTERM, SIGINT, SIGHUP: a user, the kernel's OOM killer, a cleanup script) is
        // churn, not a broken environment: it is replaced as often as it happens. Only workers that failed by
        // themselves before they were ready (a missing assembly, a crash in the runtime's start) count toward giving up.
        if (!wasReady && !IsOutsideKill(signal) && ++_startFailures >= MaxConsecutiveStartFailures && !_workers.Any(w => w.Ready))
        {
            Stop($"{_startFailures} workers in a row exited before they were ready (the last {how}); see the lines above for why", 3);
            return;
        }
        StartWorker(worker);
        Flush();
    }

    private static bool IsOutsideKill(int signal) => signal is 1 or 2 or 9 or 15;

    private void OnInterchange()
    {
        while (_interchange.TryReceive(out var frame))
        {
            if (frame is null)
            {
                Stop(_welcomed
                    ? $"{_interchange.BrokenReason}: the workflow is gone"
                    : $"{_interchange.BrokenReason} before the interchange welcomed this manager (is the workflow still running, and is this its address?)", 4);
                return;
            }
            _lastHeard = Environment.TickCount64;
            try
            {
                var reader = new WireReader(frame);
                switch (WireProtocol.ReadKind(ref reader))
                {
                    case MessageKind.Tasks:
                        DispatchBatch.ReadBody(ref reader, _enqueue);
                        break;
                    case MessageKind.Cancel:
                        OnCancel(CancelMessage.ReadBody(ref reader).DispatchId);
                        break;
                    case MessageKind.Shutdown:
                        Stop("the interchange asked the manager to stop", 0);
                        return;
                    case MessageKind.Refused:
                        // Not let in, or declared lost while this node was frozen: no goodbye, nothing of ours is expected.
                        _registered = false;
                        Stop($"the interchange refused this manager: {RefusedMessage.ReadBody(ref reader).Reason}", 5);
                        return;
                    case MessageKind.Welcome:
                        _welcomed = true;
                        Log($"block {_blockId}: registered with the interchange as manager {WelcomeMessage.ReadBody(ref reader).ManagerId}");
                        // After the messages that came with the welcome: the first tries go to the ready worker before
                        // this thread spends milliseconds starting processes.
                        _events.Enqueue(() =>
                        {
                            if (_stopping)
                                return;
                            foreach (var worker in _workers.Where(w => w.Process is null))
                                StartWorker(worker);
                        });
                        break;
                    case MessageKind.InterchangeBeat:
                        break;
                    case var kind:
                        throw new WireFormatException($"message kind {(byte)kind} is not one the interchange sends");
                }
            }
            catch (WireFormatException exception)
            {
                Log("ignored a malformed message from the interchange: " + exception.Message);
            }
        }
        AssignWork();
        Flush();
    }

    private void OnCancel(long dispatchId)
    {
        if (_assignment.RemoveWaiting(dispatchId))
        {
            _scratch.Reset();
            Outcome.WriteCancelled(_scratch);
            _progress.Ended(dispatchId, _scratch.WrittenSpan);
            return;
        }
        var worker = _assignment.HolderOf(dispatchId);
        if (worker is null || !worker.Ready)
            return;
        // Asked first (a waiting try is skipped, a running one sees its token cancelled); a running try that does not
        // stop within the grace period is stopped by killing its worker.
        SendToWorker(worker, WireProtocol.Frame(_out, new StopTaskMessage(dispatchId)));
        _stopRequested.Add(dispatchId);
        if (worker.Assigned.First!.Value.DispatchId == dispatchId)
            ArmStop(worker, dispatchId);
    }

    private void ArmStop(WorkerSlot worker, long dispatchId)
    {
        worker.StopId = dispatchId;
        worker.StopDeadline = Environment.TickCount64 + (long)_stopGrace.TotalMilliseconds;
    }

    private void KillOverdueWorkers()
    {
        var now = Environment.TickCount64;
        foreach (var worker in _workers)
        {
            if (worker.StopDeadline == 0 || now < worker.StopDeadline || worker.Process is not { } process)
                continue;
            worker.StopDeadline = 0;
            Log($"worker {worker.Index} did not stop its task within {_stopGrace.TotalSeconds:0.#} s; killing it");
            Processes.TryKill(process);
        }
    }

    /// <summary>
    /// Stops the manager when the process that launched it (the block's shell, srun's step, an SSH session) is gone: the
    /// block is over for the scheduler, so a manager still serving would be an orphan outside every limit.
    /// </summary>
    private void StopIfOrphaned()
    {
        if (_parentAtStart > 1 && ProcessFamily.ParentId() != _parentAtStart)
            Stop($"the process that launched it (pid {_parentAtStart}) is gone: its block ended", 6);
    }

    private void AssignWork()
    {
        foreach (var worker in _workers)
        {
            if (!_assignment.HasWorkFor(worker))
                continue;
            var wasIdle = worker.Assigned.Count == 0;
            var batch = new DispatchBatch(_out, MessageKind.Run);
            while (_assignment.TryTake(worker, out var next))
                batch.Add(next);
            if (batch.Count == 0)
                continue; // MPI mode: what waits needs more nodes than are free
            batch.Finish();
            SendToWorker(worker, _out.WrittenSpan);
            if (wasIdle)
                OnStarting(worker);
        }
    }

    /// <summary>Writes a message to a worker's pipe; one that died meanwhile is reported by its pipe's reader.</summary>
    private static void SendToWorker(WorkerSlot worker, ReadOnlySpan<byte> frame)
    {
        try
        {
            PipeFrames.Write(worker.ToWorker!, frame);
        }
        catch (IOException)
        {
            // It exited: the news is on its way, and its tries go back in line then.
        }
    }

    /// <summary>Sends what started and what ended since the last flush, in one message; starts alone only when
    /// <paramref name="startsToo"/> (the tick) or one of them is a timed try's.</summary>
    private void Flush(bool startsToo = false)
    {
        if (_progress.IsEmpty || !_registered || !(startsToo || _startIsUrgent || _progress.HasOutcomes))
            return;
        _progress.WriteTo(_out, MessageKind.Progress);
        _interchange.Send(_out.ToArray());
        _progress.Clear();
        _startIsUrgent = false;
    }

    /// <summary>Time this manager could not run is not the interchange's silence (see <see cref="PauseMeter"/>).</summary>
    private void ForgivePause()
    {
        var paused = _pauses.Tick();
        if (paused == 0)
            return;
        _lastHeard = PauseMeter.Forgive(_lastHeard, paused);
        if (paused >= _heartbeatPeriod.TotalMilliseconds)
            Log($"block {_blockId}: this manager did not run for {paused / 1000.0:0.#} s (stopped, or its node paused or overloaded); the interchange is not held to that silence");
    }

    private void OnHeartbeat()
    {
        ForgivePause(); // after a pause, either timer may run first
        if (_registered)
            _interchange.Send(WireProtocol.Frame(_out, new ManagerBeatMessage(_assignment.Busy)));
        var silent = Environment.TickCount64 - _lastHeard;
        if (_registered && silent > _heartbeatThreshold.TotalMilliseconds)
            Stop($"no word from the interchange for {silent / 1000.0:0.#} s: the workflow is gone", 4);
    }

    private void Stop(string reason, int exitCode)
    {
        if (_stopping)
            return;
        _stopping = true;
        _exitCode = exitCode;
        Log($"block {_blockId}: stopping: {reason}");
        if (_registered)
        {
            Flush(startsToo: true);
            _interchange.SendLast(WireProtocol.Frame(MessageKind.Goodbye), TimeSpan.FromMilliseconds(500));
        }
        foreach (var worker in _workers)
        {
            if (worker.Process is not { } process)
                continue;
            if (worker.Assigned.Count == 0)
                EndPipeTo(worker); // it ends by itself, cleanly (see EndWorkers)
            else
                Processes.TryKill(process);
        }
        _loop.Stop();
    }

    /// <summary>The end of a worker's pipe tells it that no try comes any more: it exits once it holds none.</summary>
    private static void EndPipeTo(WorkerSlot worker)
    {
        worker.ToWorker?.Dispose();
        worker.ToWorker = null;
    }

    /// <summary>
    /// Waits for the workers to end by themselves (an idle one exits when its pipe ends: <see cref="Stop"/>), and kills
    /// those that have not within <paramref name="grace"/>. A worker that exits removes the files its runtime made in
    /// the temporary folder (two debugger pipes and a diagnostics socket); a killed one cannot, and its reader removes
    /// them (<see cref="RuntimeLeftovers"/>). Its parent-death signal would kill it anyway once the manager is gone.
    /// </summary>
    private void EndWorkers(TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        int Left(TimeSpan limit) => Math.Max(0, (int)(limit - clock.Elapsed).TotalMilliseconds);
        foreach (var worker in _workers)
        {
            if (worker.Process is { } process && !Processes.WaitForExit(process, Left(grace)))
                Processes.TryKill(process);
        }
        foreach (var worker in _workers)
            worker.Reader?.Join(Left(grace + ReaderGrace));
    }

    internal static void Log(string message) =>
        Console.Error.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} parsl manager {Environment.ProcessId}: {message}");
}
