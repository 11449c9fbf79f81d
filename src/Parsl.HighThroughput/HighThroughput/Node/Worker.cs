using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// One worker process: loads the workflow's assemblies (their generated registration runs, so every app is found by id),
/// and runs the tries its manager sends it one at a time, in order, on its main thread: reads the arguments with the
/// app's generated codec, calls the app, writes back its result or failure. It talks to its manager over the two pipes
/// the manager made for it (<see cref="PipeFrames"/>): a reader thread takes tries and stop requests off one, and each
/// outcome goes back on the other as soon as it is known. Nothing else: the manager knows when each try starts (when
/// it becomes the first this worker holds), so a try costs the worker one message and no wake-up of its own. A stop
/// request cancels the try's token; the manager kills the worker if the app ignores it. The worker dies with its manager
/// (Linux parent-death signal, and the end of its pipe).
/// </summary>
internal sealed partial class Worker
{
    private readonly HostArguments _options;
    private readonly ConcurrentQueue<DispatchMessage> _inbox = new();
    private readonly Doorbell _arrived = new();
    private volatile bool _noMoreTries;
    private readonly ConcurrentDictionary<long, bool> _stopped = new();
    private readonly WireWriter _result = new(1024);
    private readonly WireWriter _outcome = new(1024);
    private readonly ProgressMessage _progress = new();
    private readonly WireWriter _out = new(4096);
    private readonly Lock _writing = new();
    private readonly int _parent = ProcessFamily.ParentId();
    private TryUsageMeter? _meter; // made at the first try that asks for figures (an observed run)
    private Stream _toManager = Stream.Null;
    private CancellationTokenSource? _current;
    private long _currentId;

    public Worker(HostArguments options) => _options = options;

    public int Run()
    {
        DieWithParent();
        // Not disposed: its reader thread may be inside a read when the worker is done, and closing a pipe under a read
        // waits for that read (which ends only when the manager closes its end); the process's end closes it.
        var fromManager = OpenPipe(PipeDirection.In, "tasks-pipe");
        using var toManager = OpenPipe(PipeDirection.Out, "results-pipe");
        _toManager = toManager;
        LoadAssemblies();
        if (_options.Optional("staging-dir") is { } staging)
            WorkerFileStaging.UseFolder(staging);

        lock (_writing)
            PipeFrames.Write(_toManager, WireProtocol.Frame(_out, new ReadyMessage(WireProtocol.Version, Environment.ProcessId)));

        new Thread(() => ReadFromManager(fromManager)) { IsBackground = true, Name = "parsl-worker-pipe" }.Start();
        RunTriesAsTheyCome();
        return 0;
    }

    /// <summary>Runs the tries in the order they came until the manager says there are no more (or is gone), then those still held.</summary>
    private void RunTriesAsTheyCome()
    {
        while (true)
        {
            // Read before the queue: a try queued before the last word is still run.
            var last = _noMoreTries;
            while (_inbox.TryDequeue(out var dispatch))
                Execute(dispatch);
            if (last)
                return;
            _arrived.Wait(Timeout.Infinite);
        }
    }

    private void Receive(DispatchMessage dispatch)
    {
        _inbox.Enqueue(dispatch);
        _arrived.Ring();
    }

    private void NoMoreTries()
    {
        _noMoreTries = true;
        _arrived.Ring();
    }

    /// <summary>Opens one end of a pipe the manager made, and keeps it from the commands bash apps run (they must not hold it open).</summary>
    private AnonymousPipeClientStream OpenPipe(PipeDirection direction, string option)
    {
        var pipe = new AnonymousPipeClientStream(direction, _options.Required(option));
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            const int SetDescriptorFlags = 2, CloseOnExec = 1;
            _ = DescriptorControl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetDescriptorFlags, CloseOnExec);
        }
        return pipe;
    }

    private void ReadFromManager(Stream pipe)
    {
        try
        {
            while (PipeFrames.Read(pipe) is { } frame)
                OnMessage(frame);
        }
        catch (Exception exception) when (exception is IOException or WireFormatException)
        {
            Console.Error.WriteLine($"parsl worker {Environment.ProcessId}: the pipe from the manager broke: {exception.Message}");
        }
        // The manager is gone (or asked this worker to exit): no try comes any more; the worker ends after those it holds.
        NoMoreTries();
    }

    private void OnMessage(byte[] frame)
    {
        try
        {
            var reader = new WireReader(frame);
            switch (WireProtocol.ReadKind(ref reader))
            {
                case MessageKind.Run:
                    DispatchBatch.ReadBody(ref reader, Receive);
                    break;
                case MessageKind.StopTask:
                    var id = StopTaskMessage.ReadBody(ref reader).DispatchId;
                    _stopped[id] = true;
                    CancellationTokenSource? running;
                    lock (_writing)
                        running = _currentId == id ? _current : null;
                    try
                    {
                        running?.Cancel(); // outside the lock: the app's cancellation callbacks (a bash app's kill) run here
                    }
                    catch (ObjectDisposedException)
                    {
                        // the try ended meanwhile
                    }
                    break;
                case MessageKind.Exit:
                    NoMoreTries();
                    break;
                case var kind:
                    throw new WireFormatException($"message kind {(byte)kind} is not one a manager sends a worker");
            }
        }
        catch (WireFormatException exception)
        {
            Console.Error.WriteLine($"parsl worker {Environment.ProcessId}: ignored a malformed message: {exception.Message}");
        }
    }

    /// <summary>Sends how a try ended (its <see cref="Outcome"/>, in <see cref="_outcome"/>). Under <see cref="_writing"/>.</summary>
    private void WriteOutcome(long id)
    {
        _progress.Clear();
        _progress.Ended(id, _outcome.WrittenSpan);
        _progress.WriteTo(_out, MessageKind.WorkerProgress);
        try
        {
            PipeFrames.Write(_toManager, _out.WrittenSpan);
        }
        catch (IOException)
        {
            // The manager is gone; this worker is about to be (parent-death signal, or the end of the pipe it reads).
        }
    }

    /// <summary>Runs one try and reports how it ended (an <see cref="Outcome"/>, as the interchange reads it).</summary>
    private void Execute(DispatchMessage dispatch)
    {
        if (_stopped.TryRemove(dispatch.DispatchId, out _))
        {
            _outcome.Reset();
            Outcome.WriteCancelled(_outcome);
            lock (_writing)
                WriteOutcome(dispatch.DispatchId);
            return;
        }
        using var cancellation = new CancellationTokenSource();
        lock (_writing)
        {
            _current = cancellation;
            _currentId = dispatch.DispatchId;
        }
        // Only this thread writes outcomes: written outside the lock, sent under it (the lock keeps a stop request from
        // cancelling a try that already ended).
        var outcome = _outcome;
        outcome.Reset();
        var meter = dispatch.MeasureUsage ? _meter ??= new TryUsageMeter() : null;
        meter?.Start();
        var span = WorkerSpan.Start(dispatch.TraceParent, dispatch.AppId, dispatch.TaskId);
        using var variables = TryEnvironment.Apply(dispatch.Environment);
        Exception? failure = null;
        try
        {
            var definition = AppRegistry.FindDefinition(dispatch.AppId)
                ?? throw new InvalidOperationException($"App {dispatch.AppId} is not in this worker's registry; the worker loaded {string.Join(", ", _options.All("assembly").Select(Path.GetFileName))}. " +
                    "Rebuild so the workflow and its workers run the same assemblies.");
            if (dispatch.MismatchWith(definition) is { } mismatch)
                throw new InvalidOperationException($"Worker {Environment.ProcessId} refused task {dispatch.TaskId}: {mismatch}");
            _result.Reset();
            var copies = WorkerFileStaging.Prepare(dispatch, cancellation.Token);
            try
            {
                definition.RunEncoded(new WorkerCall(dispatch.TaskId, dispatch.Arguments, dispatch.Stdout, dispatch.Stderr, cancellation.Token) { StagedCopies = copies, Container = dispatch.Container, ContainerName = dispatch.ContainerName }, _result);
                if (copies is not null)
                    WorkerFileStaging.Send(dispatch, copies, cancellation.Token);
            }
            finally
            {
                WorkerFileStaging.CleanUp(dispatch);
            }
            Outcome.WriteSucceeded(outcome, _result.WrittenSpan);
        }
        catch (OperationCanceledException exception) when (cancellation.IsCancellationRequested)
        {
            failure = exception;
            outcome.Reset();
            Outcome.WriteCancelled(outcome);
        }
        catch (Exception exception)
        {
            failure = exception;
            outcome.Reset();
            Outcome.WriteFailed(outcome, RemoteFailure.From(exception));
        }
        WorkerSpan.End(span, failure);
        if (meter is not null)
            Outcome.WriteUsage(outcome, meter.Stop());
        lock (_writing)
        {
            WriteOutcome(dispatch.DispatchId);
            _currentId = 0;
            _current = null;
        }
        // A stop that came for this try as it ended is not kept for a later one.
        _stopped.TryRemove(dispatch.DispatchId, out _);
    }

    /// <summary>Loads the workflow's assemblies by path and runs their module initializers, which register their apps.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Workers load the workflow's own, untrimmed assemblies through its dependency file.")]
    private void LoadAssemblies()
    {
        foreach (var path in _options.All("assembly"))
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
    }

    /// <summary>Asks Linux to kill this process when its manager dies, and exits at once if that already happened.</summary>
    private void DieWithParent()
    {
        if (!ProcessFamily.KillWithParent(_parent))
            Environment.Exit(5);
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int DescriptorControl(int descriptor, int command, int argument);
}
