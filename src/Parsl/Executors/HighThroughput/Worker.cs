using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// One worker process: loads the workflow's assemblies (their generated registration runs, so every app is found by id),
/// and runs the tries its manager sends it one at a time, in order, on its main thread: reads the arguments with the
/// app's generated codec, calls the app, writes back its result or failure. It talks to its manager over the two pipes
/// the manager made for it (<see cref="PipeFrames"/>): a reader thread takes tries and stop requests off one, and each
/// outcome goes back on the other as soon as it is known. A try's start is reported with its outcome, or by a timer
/// once it has run for 10 ms, so a short try costs one message and a long one is known to have started (its walltime
/// clock runs from then). A stop request cancels the try's token; the manager kills the worker if the app ignores it.
/// The worker dies with its manager (Linux parent-death signal, and the end of its pipe).
/// </summary>
internal sealed partial class Worker
{
    /// <summary>A try running this long has its start reported on its own (a shorter one's rides with its outcome).</summary>
    private static readonly TimeSpan StartReportAfter = TimeSpan.FromMilliseconds(10);

    private readonly HostArguments _options;
    private readonly BlockingCollection<DispatchMessage> _inbox = new();
    private readonly ConcurrentDictionary<long, bool> _stopped = new();
    private readonly WireWriter _result = new(1024);
    private readonly WireWriter _progress = new(4096);
    private readonly Lock _writing = new();
    private readonly int _parent = ProcessFamily.ParentId();
    private Stream _toManager = Stream.Null;
    private CancellationTokenSource? _current;
    private long _currentId;
    private long _currentSince;
    private bool _currentReported;

    public Worker(HostArguments options) => _options = options;

    public int Run()
    {
        DieWithParent();
        using var fromManager = OpenPipe(PipeDirection.In, "tasks-pipe");
        using var toManager = OpenPipe(PipeDirection.Out, "results-pipe");
        _toManager = toManager;
        LoadAssemblies();

        var ready = new WireWriter(16);
        ready.Write(Protocol.Ready);
        ready.Write(Environment.ProcessId);
        lock (_writing)
            PipeFrames.Write(_toManager, ready.WrittenSpan);

        new Thread(() => ReadFromManager(fromManager)) { IsBackground = true, Name = "parsl-worker-pipe" }.Start();
        using var startReports = new Timer(_ => ReportLongStart(), null, StartReportAfter, StartReportAfter);
        foreach (var dispatch in _inbox.GetConsumingEnumerable())
            Execute(dispatch);
        return 0;
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
        // The manager is gone (or asked this worker to exit): the try running now is the last.
        _inbox.CompleteAdding();
    }

    private void OnMessage(byte[] frame)
    {
        try
        {
            var reader = new WireReader(frame);
            switch (reader.ReadByte())
            {
                case Protocol.Run:
                    var count = reader.ReadLength(16);
                    for (var i = 0; i < count; i++)
                        _inbox.Add(DispatchMessage.ReadFrom(ref reader));
                    break;
                case Protocol.StopTask:
                    var id = reader.ReadInt64();
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
                case Protocol.Exit:
                    _inbox.CompleteAdding();
                    break;
            }
        }
        catch (WireFormatException exception)
        {
            Console.Error.WriteLine($"parsl worker {Environment.ProcessId}: ignored a malformed message: {exception.Message}");
        }
    }

    /// <summary>Reports the running try's start once it has run for 10 ms (shorter ones are reported with their outcome).</summary>
    private void ReportLongStart()
    {
        lock (_writing)
        {
            if (_currentId == 0 || _currentReported || System.Diagnostics.Stopwatch.GetElapsedTime(_currentSince) < StartReportAfter)
                return;
            _currentReported = true;
            WriteProgress(_currentId, null);
        }
    }

    /// <summary>Sends one progress message: the try's start unless it was reported already, and its outcome if it has one. Under <see cref="_writing"/>.</summary>
    private void WriteProgress(long id, byte[]? outcome, bool started = true)
    {
        _progress.Reset();
        _progress.Write(Protocol.WorkerProgress);
        _progress.WriteLength(started ? 1 : 0);
        if (started)
            _progress.Write(id);
        _progress.WriteLength(outcome is null ? 0 : 1);
        if (outcome is not null)
        {
            _progress.Write(id);
            _progress.Write(outcome);
        }
        try
        {
            PipeFrames.Write(_toManager, _progress.WrittenSpan);
        }
        catch (IOException)
        {
            // The manager is gone; this worker is about to be (parent-death signal, or the end of the pipe it reads).
        }
    }

    /// <summary>Runs one try and reports it started, then how it ended (the body of an outcome as the interchange reads it).</summary>
    private void Execute(DispatchMessage dispatch)
    {
        var body = new WireWriter(64);
        if (_stopped.TryRemove(dispatch.DispatchId, out _))
        {
            body.Write((byte)OutcomeStatus.Cancelled);
            lock (_writing)
                WriteProgress(dispatch.DispatchId, body.ToArray(), started: false);
            return;
        }
        using var cancellation = new CancellationTokenSource();
        lock (_writing)
        {
            _current = cancellation;
            _currentId = dispatch.DispatchId;
            _currentSince = System.Diagnostics.Stopwatch.GetTimestamp();
            _currentReported = false;
        }
        try
        {
            var definition = AppRegistry.FindDefinition(dispatch.AppId)
                ?? throw new InvalidOperationException($"App {dispatch.AppId} is not in this worker's registry; the worker loaded {string.Join(", ", _options.All("assembly").Select(Path.GetFileName))}. " +
                    "Rebuild so the workflow and its workers run the same assemblies.");
            _result.Reset();
            definition.RunEncoded(new WorkerCall(dispatch.TaskId, dispatch.Arguments, dispatch.Stdout, dispatch.Stderr, cancellation.Token), _result);
            body.Write((byte)OutcomeStatus.Succeeded);
            body.Write(_result.WrittenSpan);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            body.Reset();
            body.Write((byte)OutcomeStatus.Cancelled);
        }
        catch (Exception exception)
        {
            body.Reset();
            body.Write((byte)OutcomeStatus.Failed);
            RemoteFailure.From(exception).WriteTo(body);
        }
        lock (_writing)
        {
            WriteProgress(dispatch.DispatchId, body.ToArray(), started: !_currentReported);
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
