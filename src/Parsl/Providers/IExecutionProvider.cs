namespace Parsl.Providers;

/// <summary>
/// Where an executor's blocks come from: this machine, a batch scheduler (Slurm, PBS, Grid Engine, …) or a cloud. A
/// provider submits a block that runs a command, reports the state of its blocks, and cancels them; it knows nothing of
/// executors, which ask it for blocks.
/// </summary>
public interface IExecutionProvider : IAsyncDisposable
{
    /// <summary>A short name for messages and logs, e.g. <c>local</c> or <c>slurm</c>.</summary>
    string Name { get; }

    /// <summary>Submits one block that runs <see cref="BlockRequest.Command"/>; returns its job id once the scheduler accepted it.</summary>
    /// <exception cref="BlockSubmissionException">The block could not be submitted; the message has the command, exit code and output.</exception>
    ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken);

    /// <summary>The state of each of <paramref name="jobIds"/>, in one query for all of them (one <c>squeue</c>, not one per block).</summary>
    ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken);

    /// <summary>Cancels blocks; those already finished are left as they are.</summary>
    ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <c>127.0.0.1:</c><paramref name="localPort"/> here reachable from where the blocks run, for executors whose
    /// workers cannot reach this machine (an interchange behind the login node); returns the address and port the blocks
    /// connect to. Providers that cannot (the default) throw <see cref="NotSupportedException"/> saying why.
    /// </summary>
    ValueTask<(string Host, int Port)> OpenReverseTunnelAsync(int localPort, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The {Name} provider cannot open a reverse tunnel: give it an SSH channel (a batch-scheduler provider with Channel = new SshChannel(...)), or leave TunnelThroughChannel off.");
}

/// <summary>
/// One block to start. Shell-based providers (this machine, batch schedulers) run <see cref="Command"/>, a bash script
/// body that already holds the setup lines and the launcher; a provider that starts a process or a container itself
/// (a cloud, Kubernetes, a container runtime) starts <see cref="Program"/> with <see cref="Arguments"/> and
/// <see cref="Environment"/> on each node instead, after <see cref="Setup"/>, in <see cref="Image"/> when one is named.
/// </summary>
/// <param name="Command">What the block runs (a bash command line, usually wrapped by a launcher).</param>
/// <param name="JobName">A name for the scheduler and the block's log files, e.g. <c>parsl.htex.block-3</c>.</param>
/// <param name="LogDirectory">Where the block's stdout and stderr files go.</param>
/// <param name="Walltime">How long the block may run; null for no limit.</param>
/// <param name="Nodes">How many nodes the block spans (the command's launcher starts a manager on each).</param>
public sealed record BlockRequest(string Command, string JobName, string LogDirectory, TimeSpan? Walltime = null, int Nodes = 1)
{
    /// <summary>The program each node runs (e.g. the <c>dotnet</c> host), unquoted; null when only <see cref="Command"/> says.</summary>
    public string? Program { get; init; }

    /// <summary>Its arguments, one per item, unquoted.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Variables the program needs in its environment (e.g. <c>PARSL_PROGRAM_DIR</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Shell lines to run before the program (an executor's <c>worker_init</c>, e.g. <c>module load dotnet</c>); null for none.</summary>
    public string? Setup { get; init; }

    /// <summary>The directory the program starts in; null for the provider's own choice.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>What each node of the block must offer (cores, memory, GPUs); null when the executor asks for nothing beyond the provider's settings.</summary>
    public ResourceSpecification? Resources { get; init; }

    /// <summary>The container image the program runs in; null to run it on the node as it is.</summary>
    public string? Image { get; init; }
}

/// <summary>Where a block is in its life, as every provider maps its scheduler's states.</summary>
public enum BlockState
{
    /// <summary>Submitted; waiting for resources.</summary>
    Pending,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Ended with exit code 0.</summary>
    Completed,

    /// <summary>Ended otherwise, or refused by the scheduler.</summary>
    Failed,

    /// <summary>Cancelled.</summary>
    Cancelled,

    /// <summary>The scheduler no longer knows the job and left no trace of how it ended.</summary>
    Unknown,
}

/// <summary>A block's state, with what is known of how it ended.</summary>
/// <param name="State">The state.</param>
/// <param name="ExitCode">The block's exit code once it ended, when known.</param>
/// <param name="Message">What the scheduler or the block's stderr says, for a failed block.</param>
public sealed record BlockStatus(BlockState State, int? ExitCode = null, string? Message = null)
{
    /// <summary>True once the block will not run any more.</summary>
    public bool IsFinal => State is BlockState.Completed or BlockState.Failed or BlockState.Cancelled or BlockState.Unknown;
}

/// <summary>A block could not be submitted.</summary>
public sealed class BlockSubmissionException(string message, Exception? inner = null) : Exception(message, inner);
