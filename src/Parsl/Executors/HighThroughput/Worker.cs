using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using NetMQ;
using NetMQ.Sockets;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// One worker process: loads the workflow's assemblies (their generated registration runs, so every app is found by id),
/// connects to its manager, and runs the tries it is given one at a time, in order, on its main thread: reads the
/// arguments with the app's generated codec, calls the app, writes back its result or failure. Its I/O thread sends
/// what started and what ended since it last sent, in one message, so short tasks cost little each. A stop request
/// cancels the try's token; the manager kills the worker if the app ignores it. The worker dies with its manager
/// (Linux parent-death signal).
/// </summary>
internal sealed partial class Worker
{
    /// <summary>The environment variable that carries the manager's token to its workers.</summary>
    public const string SecretVariable = "PARSL_WORKER_SECRET";

    private readonly HostArguments _options;
    private readonly BlockingCollection<DispatchMessage> _inbox = new();
    private readonly ConcurrentQueue<(long Id, byte[]? Outcome)> _outbox = new();
    private readonly NetMQQueue<bool> _wake = new();
    private readonly ConcurrentDictionary<long, bool> _stopped = new();
    private readonly WireWriter _result = new(1024);
    private readonly WireWriter _progress = new(4096);
    private readonly int _parent = GetParentProcessId();
    private CancellationTokenSource? _current;
    private long _currentId;
    private int _wakePending;

    public Worker(HostArguments options) => _options = options;

    public int Run()
    {
        DieWithParent();
        var secretText = Environment.GetEnvironmentVariable(SecretVariable)
            ?? throw new ArgumentException($"{SecretVariable} is not set; workers are started by their manager");
        Environment.SetEnvironmentVariable(SecretVariable, null); // not inherited by the commands bash apps run
        var token = Convert.FromHexString(secretText);
        LoadAssemblies();

        // The manager's socket is on loopback of this node; the connection proves the manager's token first.
        using var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        socket.Options.ReconnectInterval = TimeSpan.FromMilliseconds(10); // the manager may not listen yet when the worker starts
        socket.Options.SendHighWatermark = 0;
        socket.Options.ReceiveHighWatermark = 0;
        socket.Connect(_options.Required("manager"));
        var ready = new WireWriter(64);
        ready.Write(Protocol.Ready);
        ready.Write((ReadOnlySpan<byte>)token);
        ready.Write(_options.Int("index"));
        ready.Write(Environment.ProcessId);
        socket.SendFrame(ready.ToArray());

        socket.ReceiveReady += (_, _) =>
        {
            while (socket.TryReceiveFrameBytes(TimeSpan.Zero, out var frame))
                OnMessage(frame);
        };
        // Whatever the running tries reported since the last wake-up goes out as one message.
        _wake.ReceiveReady += (_, _) =>
        {
            // Wake-ups are taken first and the flag cleared next, before the reports are read: a report queued after
            // that read finds the flag clear and wakes this thread again, so none waits for the one after it.
            while (_wake.TryDequeue(out _, TimeSpan.Zero))
            {
            }
            Volatile.Write(ref _wakePending, 0);
            if (BuildProgress())
                socket.SendFrame(_progress.ToArray());
        };
        // A try's start is reported with its outcome, or by this timer for a try still running: a short try costs one
        // message, a long one is known to have started (its walltime clock runs from then) within 10 ms.
        var startedTimer = new NetMQTimer(TimeSpan.FromMilliseconds(10));
        startedTimer.Elapsed += (_, _) =>
        {
            if (!_outbox.IsEmpty && BuildProgress())
                socket.SendFrame(_progress.ToArray());
        };
        using var poller = new NetMQPoller { socket, _wake, startedTimer };
        poller.RunAsync("parsl-worker-io", isBackgroundThread: true);

        foreach (var dispatch in _inbox.GetConsumingEnumerable())
            Execute(dispatch);

        poller.Stop();
        NetMQConfig.Cleanup(block: false);
        return 0;
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
                    if (Interlocked.Read(ref _currentId) == id)
                        Volatile.Read(ref _current)?.Cancel();
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

    private void Report(long id, byte[]? outcome)
    {
        _outbox.Enqueue((id, outcome));
        if (outcome is not null && Interlocked.Exchange(ref _wakePending, 1) == 0)
            _wake.Enqueue(true);
    }

    /// <summary>Writes the queued reports as one message: started ids, then (id, outcome) pairs; false when there is nothing.</summary>
    private bool BuildProgress()
    {
        var started = new List<long>();
        var outcomes = new List<(long, byte[])>();
        while (_outbox.TryDequeue(out var report))
        {
            if (report.Outcome is null)
                started.Add(report.Id);
            else
                outcomes.Add((report.Id, report.Outcome));
        }
        if (started.Count == 0 && outcomes.Count == 0)
            return false;
        _progress.Reset();
        _progress.Write(Protocol.WorkerProgress);
        _progress.WriteLength(started.Count);
        foreach (var id in started)
            _progress.Write(id);
        _progress.WriteLength(outcomes.Count);
        foreach (var (id, outcome) in outcomes)
        {
            _progress.Write(id);
            _progress.Write(outcome);
        }
        return true;
    }

    /// <summary>Runs one try and reports it started, then how it ended (the body of an outcome as the interchange reads it).</summary>
    private void Execute(DispatchMessage dispatch)
    {
        var body = new WireWriter(64);
        if (_stopped.TryRemove(dispatch.DispatchId, out _))
        {
            body.Write((byte)OutcomeStatus.Cancelled);
            Report(dispatch.DispatchId, body.ToArray());
            return;
        }
        using var cancellation = new CancellationTokenSource();
        Volatile.Write(ref _current, cancellation);
        Interlocked.Exchange(ref _currentId, dispatch.DispatchId);
        Report(dispatch.DispatchId, null);
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
        finally
        {
            Interlocked.Exchange(ref _currentId, 0);
            Volatile.Write(ref _current, null);
            // A stop that came for this try as it ended is not kept for a later one.
            _stopped.TryRemove(dispatch.DispatchId, out _);
        }
        Report(dispatch.DispatchId, body.ToArray());
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
        if (!OperatingSystem.IsLinux())
            return;
        const int SetParentDeathSignal = 1;
        const int SigKill = 9;
        _ = Prctl(SetParentDeathSignal, SigKill, 0, 0, 0);
        if (GetParentProcessId() != _parent)
            Environment.Exit(5);
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
