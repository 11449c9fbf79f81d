using Microsoft.Extensions.Logging;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>One start of a <see cref="HighThroughputExecutor"/>: its secret, interchange and blocks, for one kernel load.</summary>
internal sealed class HtexRun : IAsyncDisposable
{
    [ThreadStatic] private static WireWriter? t_arguments;

    private readonly HighThroughputExecutor _executor;
    private readonly ExecutorContext _context;
    private readonly ILogger _logger;
    private readonly string _directory;
    private Interchange? _interchange;
    private BlockController? _blocks;

    public HtexRun(HighThroughputExecutor executor, ExecutorContext context)
    {
        _executor = executor;
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<HighThroughputExecutor>();
        _directory = Path.Combine(context.RunDirectory, "htex", executor.Label);
    }

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var transport = ITransport.Of(_executor.Transport);
        IManagerEndpoint endpoint;
        try
        {
            endpoint = transport.Listen(EndpointSettings.Of(_executor), cancellationToken);
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException)
        {
            throw new InvalidOperationException($"HighThroughputExecutor '{_executor.Label}': the interchange cannot listen on {_executor.Address}:{_executor.Port}: {ListenFailure(exception)}", exception);
        }
        var secret = new RunSecret(_executor.Transport, endpoint.ServerKey, RunSecret.NewToken());
        var secretFile = Path.Combine(_directory, "secret");
        secret.WriteTo(secretFile);
        _interchange = new Interchange(_executor.Label, InterchangeSettings.Of(_executor), secret, endpoint, transport.CreateLoop(), _logger, _context);
        HtexMetrics.Track(_interchange);
        var (address, port) = await ManagerAddressAsync(cancellationToken).ConfigureAwait(false);
        var request = WorkerCommand.ForManager(_executor, address, port, secretFile, _directory, Path.Combine(_directory, "blocks"));
        _blocks = new BlockController(_executor, _interchange, request, _directory, _logger, _context);
        _logger.LogInformation("Executor {Label}: interchange listening on {Address}:{Port} ({Transport}); starting {Blocks} block(s) from the {Provider} provider",
            _executor.Label, _executor.Address, _interchange.Port, _executor.Transport, _executor.Scaling.InitBlocks, _executor.Provider.Name);
        await _blocks.StartAsync(cancellationToken).ConfigureAwait(false);
        await endpoint.Ready.ConfigureAwait(false);
    }

    private string ListenFailure(Exception exception) => exception switch
    {
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } =>
            "the port is in use (another program, or another run's interchange, listens there); give another Port, or 0 (the default) to take a free one.",
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressNotAvailable } =>
            $"{_executor.Address} is not an address of this machine; give one of its own (or 0.0.0.0 to listen on all of them).",
        _ => Logging.Sentence.Clause(exception.Message) + ".",
    };

    /// <summary>Where managers reach the interchange: its own address, or the far end of a reverse tunnel through the provider's SSH channel.</summary>
    private async Task<(string Address, int Port)> ManagerAddressAsync(CancellationToken cancellationToken)
    {
        if (!_executor.TunnelThroughChannel)
            return (_executor.Address, _interchange!.Port);
        (string Host, int Port) far;
        try
        {
            far = await _executor.Provider.OpenReverseTunnelAsync(_interchange!.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException unsupported)
        {
            throw new InvalidOperationException($"HighThroughputExecutor '{_executor.Label}': TunnelThroughChannel is on: {Logging.Sentence.Clause(unsupported.Message)}.", unsupported);
        }
        _logger.LogInformation("Executor {Label}: managers reach the interchange through a reverse tunnel from {Host}:{Remote} of the {Provider} provider",
            _executor.Label, far.Host, far.Port, _executor.Provider.Name);
        return far;
    }

    /// <summary>The image a bash app's command is started in by the worker: none for code apps (their body is not a
    /// command line), and none when the worker itself runs in the image already.</summary>
    private ContainerImage? BashContainerOf(TaskTry taskTry) =>
        taskTry.App.Kind == AppKind.Bash && !_executor.WorkersRunInContainer ? taskTry.Container : null;

    public int? InterchangePort => _interchange?.Port;

    public void FailInterchange(Exception reason) => _interchange?.FailFromOutside(reason);

    public void Submit(TaskTry taskTry)
    {
        // A join app's body submits other apps and returns their future: it belongs with the kernel.
        if (taskTry.App.Kind == AppKind.Join)
        {
            taskTry.RunInProcess();
            return;
        }
        if (taskTry.TransportProblem is { } problem)
        {
            taskTry.ReportFailure(new InvalidOperationException(
                $"App {taskTry.App.Id} cannot run on executor '{_executor.Label}', which runs apps in worker processes: {problem}. " +
                "Pin the app to a thread executor ([App(Executors = [...])]), or route this call there with AppCallOptions.Executor."));
            return;
        }
        if (_blocks?.Broken is { } broken)
        {
            taskTry.ReportFailure(broken);
            return;
        }
        byte[] arguments;
        try
        {
            var writer = t_arguments ??= new WireWriter(1024);
            writer.Reset();
            taskTry.WriteArguments(writer);
            arguments = writer.ToArray();
        }
        catch (Exception exception)
        {
            taskTry.ReportFailure(new InvalidOperationException($"The arguments of task {taskTry.TaskId} ({taskTry.App.Id}) could not be encoded for a worker: {exception.Message}", exception));
            return;
        }
        MpiShape mpi = default;
        if (taskTry.Resources is { } resources && resources.IsMpi())
        {
            if (_executor.MpiLauncher is null)
            {
                taskTry.ReportFailure(new InvalidOperationException(
                    $"Task {taskTry.TaskId} ({taskTry.App.Id}) is an MPI app's (it asks for nodes or ranks), but executor '{_executor.Label}' is not in MPI mode: " +
                    "set its MpiLauncher (YAML: mpi_launcher: mpiexec, openmpi, srun or aprun), or route the app to an executor that is."));
                return;
            }
            try
            {
                mpi = resources.Mpi($"Task {taskTry.TaskId} ({taskTry.App.Id})");
            }
            catch (ArgumentException badShape)
            {
                taskTry.ReportFailure(badShape);
                return;
            }
            if (mpi.GpusPerRank > 0 && _executor.MpiLauncher is MpiLauncher.OpenMpi or MpiLauncher.Aprun)
            {
                taskTry.ReportFailure(new InvalidOperationException(
                    $"Task {taskTry.TaskId} ({taskTry.App.Id}) asks for {mpi.GpusPerRank} GPUs per rank, but executor '{_executor.Label}' launches with {_executor.MpiLauncher}, " +
                    "which has no GPUs-per-rank option: use mpi_launcher mpiexec (MPICH) or srun, or leave GpusPerRank unset and choose the GPUs in the app ($PARSL_MPI_NODELIST names its nodes)."));
                return;
            }
        }
        var (stdout, stderr) = taskTry.OutputPaths;
        LocalFile[] files;
        try
        {
            files = LocalFile.ReadAll(taskTry.LocalFilesOnWorker);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            taskTry.ReportFailure(new InvalidOperationException($"Task {taskTry.TaskId} ({taskTry.App.Id}) reads a local file its worker cannot get: {exception.Message}", exception));
            return;
        }
        _interchange!.Submit(new Dispatch(taskTry, arguments, stdout, stderr, files) { Mpi = mpi, Container = BashContainerOf(taskTry) });
        _blocks!.OnSubmitted();
    }

    public async ValueTask DisposeAsync()
    {
        if (_blocks is not null)
            await _blocks.DisposeAsync().ConfigureAwait(false);
        if (_interchange is not null)
        {
            HtexMetrics.Untrack(_interchange);
            _interchange.Dispose();
        }
        try
        {
            File.Delete(Path.Combine(_directory, "secret"));
        }
        catch (IOException)
        {
            // the run directory may be gone already
        }
    }
}
