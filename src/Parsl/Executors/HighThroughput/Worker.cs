using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using NetMQ;
using NetMQ.Sockets;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// One worker process: loads the workflow's assemblies (their generated registration runs, so every app is found by id),
/// connects to its manager, and runs one try at a time on its main thread: reads the arguments with the app's generated
/// codec, calls the app, writes back its result or failure. A stop request cancels the try's token; the manager kills
/// the worker if the app ignores it. The worker dies with its manager (Linux parent-death signal).
/// </summary>
internal sealed partial class Worker
{
    /// <summary>The environment variable that carries the manager's key and token to its workers.</summary>
    public const string SecretVariable = "PARSL_WORKER_SECRET";

    private readonly HostArguments _options;
    private readonly BlockingCollection<DispatchMessage> _inbox = new();
    private readonly NetMQQueue<byte[]> _outbox = new();
    private readonly WireWriter _result = new(1024);
    private readonly int _parent = GetParentProcessId();
    private CancellationTokenSource? _current;
    private long _currentId;

    public Worker(HostArguments options) => _options = options;

    public int Run()
    {
        DieWithParent();
        var secretText = Environment.GetEnvironmentVariable(SecretVariable)
            ?? throw new ArgumentException($"{SecretVariable} is not set; workers are started by their manager");
        Environment.SetEnvironmentVariable(SecretVariable, null); // not inherited by the commands bash apps run
        var secret = RunSecret.Parse(secretText, SecretVariable);
        LoadAssemblies();

        using var socket = new DealerSocket();
        socket.Options.CurveServerKey = NetMQCertificate.FromPublicKey(secret.ServerPublicKey).PublicKey;
        socket.Options.CurveCertificate = new NetMQCertificate();
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        socket.Options.SendHighWatermark = 0;
        socket.Options.ReceiveHighWatermark = 0;
        socket.Connect(_options.Required("manager"));
        var ready = new WireWriter(64);
        ready.Write(Protocol.Ready);
        ready.Write((ReadOnlySpan<byte>)secret.Token);
        ready.Write(_options.Int("index"));
        ready.Write(Environment.ProcessId);
        socket.SendFrame(ready.ToArray());

        socket.ReceiveReady += (_, _) =>
        {
            while (socket.TryReceiveFrameBytes(TimeSpan.Zero, out var frame))
                OnMessage(frame);
        };
        _outbox.ReceiveReady += (_, _) =>
        {
            while (_outbox.TryDequeue(out var message, TimeSpan.Zero))
                socket.SendFrame(message);
        };
        using var poller = new NetMQPoller { socket, _outbox };
        poller.RunAsync("parsl-worker-io", isBackgroundThread: true);

        foreach (var dispatch in _inbox.GetConsumingEnumerable())
            _outbox.Enqueue(Execute(dispatch));

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
                    _inbox.Add(DispatchMessage.ReadFrom(ref reader));
                    break;
                case Protocol.StopTask:
                    var id = reader.ReadInt64();
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

    /// <summary>Runs one try and returns the outcome message: (kind, dispatch id, body).</summary>
    private byte[] Execute(DispatchMessage dispatch)
    {
        using var cancellation = new CancellationTokenSource();
        Volatile.Write(ref _current, cancellation);
        Interlocked.Exchange(ref _currentId, dispatch.DispatchId);
        var body = new WireWriter(64);
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
        }
        var message = new WireWriter(body.Length + 16);
        message.Write(Protocol.Outcome);
        message.Write(dispatch.DispatchId);
        message.Write(body.WrittenSpan);
        return message.ToArray();
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
