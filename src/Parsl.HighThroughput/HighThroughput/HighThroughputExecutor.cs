using Microsoft.Extensions.Logging;
using Parsl.Executors.HighThroughput;
using Parsl.Launchers;
using Parsl.Providers;
using Parsl.Scaling;
using Parsl.Staging;

namespace Parsl.Executors;

/// <summary>
/// Runs apps in worker processes (Parsl's HighThroughputExecutor): blocks from a <see cref="Provider"/> each start a
/// manager per node, which starts workers; the managers connect back to an interchange in the workflow's process that
/// hands them tries. The same workflow runs on threads or here by changing only the config. Workers run the program's
/// own compiled apps (Parsl.HighThroughput.dll hosts them, loading the program's assemblies); arguments and results travel through
/// codecs generated at compile time; join apps stay in the workflow's process, where their futures live.
/// </summary>
/// <remarks>
/// Every connection is encrypted (<see cref="Transport"/>) and must present the run's secret, made fresh for each run.
/// A worker killed mid-task is noticed at once by its manager and the task runs again elsewhere
/// (<see cref="WorkerLossRetries"/>); a manager that stops answering is noticed within <see cref="HeartbeatThreshold"/>.
/// Each try's result is delivered exactly once. Disposing the kernel stops the managers and cancels every block this executor started.
/// </remarks>
public sealed class HighThroughputExecutor : IExecutor
{
    private readonly Lock _lifecycle = new();
    private HtexRun? _current;

    /// <summary>Creates the executor with a label; everything else has defaults for this machine.</summary>
    public HighThroughputExecutor(string label = "htex")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        Label = label;
    }

    /// <inheritdoc />
    public string Label { get; }

    /// <summary>Where blocks come from; a <see cref="LocalProvider"/> (processes on this machine) by default.</summary>
    public IExecutionProvider Provider { get; init; } = new LocalProvider();

    /// <summary>How a block starts a manager on each of its nodes; <see cref="SingleNodeLauncher"/> by default.</summary>
    public Launcher Launcher { get; init; } = new SingleNodeLauncher();

    /// <summary>How many blocks to start, keep and release.</summary>
    public BlockScaling Scaling { get; init; } = new();

    /// <summary>Most workers a manager starts on its node; null for one per <see cref="CoresPerWorker"/> cores.</summary>
    public int? MaxWorkersPerNode { get; init; }

    /// <summary>Cores each worker gets: a node with 8 cores and 2 cores per worker runs 4 workers.</summary>
    public double CoresPerWorker { get; init; } = 1;

    /// <summary>
    /// Tries a manager holds beyond one per worker, so a worker that finishes starts the next at once (Parsl's
    /// <c>prefetch_capacity</c>). Raise it for many short tasks; keep it low for long ones, which it would park on
    /// busy nodes.
    /// </summary>
    public int Prefetch { get; init; }

    /// <summary>How often the interchange and managers tell each other they are alive.</summary>
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Silence after which a manager (and every try it holds) is declared lost, or the interchange by a manager.</summary>
    public TimeSpan HeartbeatThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a task is run again after the worker running it died, before it fails with <see cref="WorkerLostException"/>.</summary>
    public int WorkerLossRetries { get; init; } = 2;

    /// <summary>
    /// How the interchange and the managers talk: gRPC over TLS by default (see docs/design.md for the measurements
    /// behind the choice). <see cref="HtexTransport.NetMQ"/> is offered only where no stranger can reach the interchange:
    /// on a loopback <see cref="Address"/>, or with <see cref="TrustedNetwork"/>.
    /// </summary>
    public HtexTransport Transport { get; init; } = HtexTransport.Grpc;

    /// <summary>
    /// Declares the network between the interchange and the managers private to this user (e.g. a cluster fabric no
    /// one else can reach), which <see cref="HtexTransport.NetMQ"/> needs on any address but loopback. NetMQ lets a peer
    /// that speaks the old ZMTP 1.0 or 2.0 skip the CURVE handshake, so on a shared network only the run's token keeps
    /// such a peer's bytes out; gRPC over TLS admits nothing before its handshake with the run's certificate.
    /// </summary>
    public bool TrustedNetwork { get; init; }

    /// <summary>The address the interchange listens on, which the managers must reach: loopback for local blocks.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>
    /// Managers reach the interchange through a reverse tunnel the provider opens (<see cref="Providers.IExecutionProvider.OpenReverseTunnelAsync"/>: a scheduler over the SSH channel does)
    /// (from 127.0.0.1 of the far host), for nodes that cannot reach <see cref="Address"/>: e.g. a login node behind a
    /// firewall that runs the blocks' managers itself, or whose sshd forwards for the compute nodes.
    /// </summary>
    public bool TunnelThroughChannel { get; init; }

    /// <summary>The interchange's port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Where remote files are staged: <see cref="StagingModes.InWorkflow"/> (the default; the copy must reach the nodes,
    /// e.g. through a shared file system) or <see cref="StagingModes.OnWorker"/>: each worker fetches its task's
    /// <c>http</c>, <c>https</c> and <c>ftp</c> inputs into the node's temporary folder before the app runs and sends
    /// its remote outputs after, so blocks need no file system shared with the workflow.
    /// </summary>
    public StagingModes Staging { get; init; } = StagingModes.InWorkflow;

    /// <summary>
    /// MPI mode (Parsl's <c>enable_mpi_mode</c> with its <c>mpi_launcher</c>): null (the default) for off. On, each block
    /// runs one manager, which learns the block's nodes from the batch system (Slurm, PBS, LSF, Grid Engine, Cobalt, or a
    /// host file named by <c>PARSL_MPI_HOSTFILE</c>) and gives each MPI app's try its own disjoint set of them, as many
    /// as it asks for (<c>Nodes</c>, <c>RanksPerNode</c>, <c>Ranks</c> on the app or the call); tries that do not fit yet
    /// wait, and one that asks for more nodes than a block has fails at once. The app starts its program with
    /// <c>$PARSL_MPI_PREFIX</c>, the launch command for these nodes (docs/mpi.md).
    /// </summary>
    public MpiLauncher? MpiLauncher { get; init; }

    /// <summary>
    /// In MPI mode, how many GPUs each node of a block has; null (the default) for the manager to find out on its node:
    /// Slurm's <c>SLURM_GPUS_ON_NODE</c>, else the devices <c>CUDA_VISIBLE_DEVICES</c>, <c>ROCR_VISIBLE_DEVICES</c> or
    /// <c>HIP_VISIBLE_DEVICES</c> lists, else the <c>/dev/nvidiaN</c> device files. A try whose ranks per node times GPUs
    /// per rank exceed it fails at once, with both numbers; when nothing says, no try is refused for its GPUs. Set it
    /// when the node tells wrong (docs/mpi.md).
    /// </summary>
    public int? GpusPerNode { get; init; }

    /// <summary>
    /// The image the bash apps that name none run their commands in (<see cref="ContainerImage"/>), on the worker's node;
    /// with <see cref="WorkersRunInContainer"/>, the image the managers and workers themselves run in. Null (the default) for none.
    /// </summary>
    public ContainerImage? Container { get; init; }

    /// <summary>
    /// Whether each block starts its manager inside <see cref="Container"/> (the launcher's line wrapped in the runtime's
    /// <c>run</c>), so its workers, and the code apps' compiled bodies they run, run in the image. The .NET runtime, the
    /// program's folder and the run's folder are mounted from the node at their own paths, as is the workflow's working
    /// directory; the image needs what the runtime loads from the system (glibc, libstdc++, OpenSSL, ICU: docs/containers.md).
    /// Bash apps then run in the same container; one that names another image is refused at the call.
    /// </summary>
    public bool WorkersRunInContainer { get; init; }

    /// <summary>Shell lines each block runs before its manager, e.g. <c>module load dotnet</c>.</summary>
    public string? WorkerInit { get; init; }

    /// <summary>How long a block's batch job may run; null for the provider's default.</summary>
    public TimeSpan? BlockWalltime { get; init; }

    /// <summary>How often blocks are polled and the scaling strategy runs.</summary>
    public TimeSpan ScalingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a running block may take to connect before it counts as a failed start and is cancelled.</summary>
    public TimeSpan BlockStartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after the provider refused a block the next one is submitted; doubled after each refusal in a row.</summary>
    public TimeSpan SubmitRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Blocks in a row that are refused, end or time out without connecting before the tasks waiting for them fail with the reason.</summary>
    public int MaxBlockStartFailures { get; init; } = 3;

    /// <summary>How long a worker asked to stop a try (walltime, cancellation) may take before it is killed and replaced.</summary>
    public TimeSpan WorkerStopGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The largest message accepted from a manager; a larger one drops the connection. Managers keep under it: a try
    /// whose outcome alone is larger fails, saying so (return a large result as a file instead), and outcomes that do
    /// not fit together go in several messages.
    /// </summary>
    public long MaxMessageBytes { get; init; } = 1L << 30;

    /// <summary>The port the interchange listens on while the executor runs (for firewalls and tunnels), or null when it is not running.</summary>
    public int? InterchangePort => Volatile.Read(ref _current)?.InterchangePort;

    /// <summary>Stops the interchange as if it had crashed; for tests of what outstanding tasks then see.</summary>
    internal void FailInterchange(Exception reason) => Volatile.Read(ref _current)?.FailInterchange(reason);

    /// <inheritdoc />
    public async ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Validate();
        HtexRun run;
        lock (_lifecycle)
        {
            if (_current is not null)
                throw new InvalidOperationException(
                    $"HighThroughputExecutor '{Label}' is already running for another kernel; dispose that kernel first, or give each config its own executor.");
            _current = run = new HtexRun(this, context);
        }
        try
        {
            await run.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_lifecycle)
                _current = null;
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks the settings against each other; throws an <see cref="ArgumentException"/> naming the one that does not fit. Starting the executor checks them; a config file checks them as it loads, to report the line.</summary>
    public void Validate()
    {
        Scaling.Validate(Label);
        if (MaxWorkersPerNode is < 1)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': MaxWorkersPerNode must be at least 1; got {MaxWorkersPerNode}.");
        if (GpusPerNode is < 0)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': GpusPerNode must not be negative; got {GpusPerNode}.");
        if (GpusPerNode is not null && MpiLauncher is null)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': GpusPerNode ({GpusPerNode}) is read in MPI mode only, and MpiLauncher is not set. " +
                "Set MpiLauncher (YAML: mpi_launcher) for MPI apps, or remove GpusPerNode.");
        if (!(CoresPerWorker > 0))
            throw new ArgumentException($"HighThroughputExecutor '{Label}': CoresPerWorker must be positive; got {CoresPerWorker}.");
        if (Prefetch < 0 || WorkerLossRetries < 0 || MaxBlockStartFailures < 1)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': Prefetch and WorkerLossRetries must not be negative, and MaxBlockStartFailures must be at least 1.");
        if (HeartbeatPeriod <= TimeSpan.Zero || HeartbeatThreshold <= HeartbeatPeriod)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': HeartbeatThreshold ({HeartbeatThreshold}) must exceed a positive HeartbeatPeriod ({HeartbeatPeriod}).");
        if (SubmitRetryDelay < TimeSpan.Zero)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': SubmitRetryDelay must not be negative; got {SubmitRetryDelay}.");
        if (ScalingInterval <= TimeSpan.Zero)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': ScalingInterval must be positive; got {ScalingInterval}.");
        if (BlockStartTimeout <= TimeSpan.Zero || WorkerStopGrace < TimeSpan.Zero)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': BlockStartTimeout must be positive and WorkerStopGrace not negative; got {BlockStartTimeout} and {WorkerStopGrace}.");
        if (MaxMessageBytes < 1024)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': MaxMessageBytes must be at least 1024 (a registration alone takes a few hundred bytes); got {MaxMessageBytes}.");
        if (WorkersRunInContainer && Container is null)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': WorkersRunInContainer is on but no Container names the image; " +
                "set Container (YAML: container: { image: NAME }) or turn WorkersRunInContainer off.");
        if (WorkersRunInContainer && MpiLauncher is not null)
            throw new ArgumentException($"HighThroughputExecutor '{Label}': MPI mode's manager starts the launcher ({MpiLauncher}) on the block's nodes, " +
                "which it cannot do from inside a container; turn WorkersRunInContainer off (an MPI bash app can still name an image).");
        if (Transport == HtexTransport.NetMQ && !TrustedNetwork && !IsLoopback(Address))
            throw new ArgumentException($"HighThroughputExecutor '{Label}': Transport NetMQ listens on {Address}, which others can reach, and NetMQ lets peers that speak " +
                "ZMTP 1.0 or 2.0 skip its CURVE handshake. Use Transport Grpc (the default, TLS before any byte is read), listen on 127.0.0.1, " +
                "or set TrustedNetwork = true (trusted_network: true in YAML) if only you can reach that network.");
    }

    private static bool IsLoopback(string address) =>
        address == "localhost" || (System.Net.IPAddress.TryParse(address, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <inheritdoc />
    /// <remarks>False: a try gets a worker slot, and nothing is reserved for it.</remarks>
    public bool HonoursResources => false;

    /// <inheritdoc />
    public bool RunsMpiApps => MpiLauncher is not null;

    /// <inheritdoc />
    public void Submit(TaskTry taskTry)
    {
        var run = Volatile.Read(ref _current)
            ?? throw new InvalidOperationException($"HighThroughputExecutor '{Label}' is not started; load a kernel with a config that lists it.");
        run.Submit(taskTry);
    }

    /// <summary>Stops the managers, cancels every block this executor started and fails what is still outstanding.</summary>
    public async ValueTask DisposeAsync()
    {
        HtexRun? stopping;
        lock (_lifecycle)
        {
            stopping = _current;
            _current = null;
        }
        if (stopping is not null)
            await stopping.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"HighThroughputExecutor '{Label}' ({Provider.Name} provider)";
}
