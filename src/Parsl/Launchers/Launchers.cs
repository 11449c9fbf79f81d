using System.Globalization;

namespace Parsl.Launchers;

/// <summary>Runs the command as it is: one copy on one node (a local block, or a scheduler that starts the copies itself).</summary>
public sealed record SimpleLauncher : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock)
    {
        if (tasksPerNode > 1 || nodesPerBlock > 1)
            throw new ArgumentException(
                $"SimpleLauncher starts one copy of the command, but the block asks for {tasksPerNode} per node on {nodesPerBlock} node(s). " +
                "Use SingleNodeLauncher for several copies on one node, or SrunLauncher/MpiexecLauncher/AprunLauncher/JsrunLauncher across nodes.");
        return command;
    }
}

/// <summary>Puts a command in front of the block's command, e.g. <c>time</c> or a container runtime; starts one copy.</summary>
/// <param name="Prepend">What goes in front, as a shell command prefix.</param>
public sealed record WrappedLauncher(string Prepend) : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock) =>
        Prepend.Trim() + " " + Bash(command);
}

/// <summary>
/// Starts <c>tasksPerNode × nodesPerBlock</c> copies on the node the block runs on, in the background, and waits for all
/// of them. The block fails when every copy failed, or with <see cref="FailOnAny"/> when any did.
/// </summary>
public sealed record SingleNodeLauncher : Launcher
{
    /// <summary>Fail the block when any copy fails, not only when all do.</summary>
    public bool FailOnAny { get; init; }

    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock)
    {
        var copies = (tasksPerNode * nodesPerBlock).ToString(CultureInfo.InvariantCulture);
        // Each copy learns its number in PARSL_WORKER_COPY; the exit status follows the FailOnAny rule.
        return $"pids=(); for ((copy = 1; copy <= {copies}; copy++)); do PARSL_WORKER_COPY=$copy {Bash(command)} & pids+=($!); done; " +
            "failed=0; for pid in \"${pids[@]}\"; do wait \"$pid\" || failed=$((failed + 1)); done; " +
            (FailOnAny ? "[ \"$failed\" -eq 0 ]" : $"[ \"$failed\" -lt {copies} ]");
    }
}

/// <summary>Starts the copies with Slurm's <c>srun</c> inside the block's allocation.</summary>
/// <param name="Overrides">Extra <c>srun</c> arguments, e.g. <c>--cpu-bind=none</c>.</param>
public sealed record SrunLauncher(string? Overrides = null) : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock) =>
        string.Create(CultureInfo.InvariantCulture,
            $"srun --ntasks={tasksPerNode * nodesPerBlock} --ntasks-per-node={tasksPerNode} --nodes={nodesPerBlock} {With(Overrides)}{Bash(command)}");
}

/// <summary>Starts the copies with <c>mpiexec</c>, on the nodes of <c>$PBS_NODEFILE</c> when the scheduler gives one.</summary>
/// <param name="Overrides">Extra <c>mpiexec</c> arguments.</param>
public sealed record MpiexecLauncher(string? Overrides = null) : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock) =>
        string.Create(CultureInfo.InvariantCulture,
            $"mpiexec -n {tasksPerNode * nodesPerBlock} -ppn {tasksPerNode} ${{PBS_NODEFILE:+-f \"$PBS_NODEFILE\"}} {With(Overrides)}{Bash(command)}");
}

/// <summary>Starts the copies with Cray's <c>aprun</c>.</summary>
/// <param name="Overrides">Extra <c>aprun</c> arguments.</param>
public sealed record AprunLauncher(string? Overrides = null) : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock) =>
        string.Create(CultureInfo.InvariantCulture, $"aprun -n {tasksPerNode * nodesPerBlock} -N {tasksPerNode} {With(Overrides)}{Bash(command)}");
}

/// <summary>Starts the copies with IBM LSF's <c>jsrun</c> (one resource set per copy).</summary>
/// <param name="Overrides">Extra <c>jsrun</c> arguments.</param>
public sealed record JsrunLauncher(string? Overrides = null) : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock) =>
        string.Create(CultureInfo.InvariantCulture, $"jsrun -n {tasksPerNode * nodesPerBlock} -r {tasksPerNode} {With(Overrides)}{Bash(command)}");
}

/// <summary>
/// Starts the copies with GNU <c>parallel</c> over SSH logins to the block's nodes (<c>$PBS_NODEFILE</c>, deduplicated; the
/// local host without one), <c>tasksPerNode</c> at a time on each.
/// </summary>
public sealed record GnuParallelLauncher : Launcher
{
    private protected override string WrapChecked(string command, int tasksPerNode, int nodesPerBlock)
    {
        var copies = (tasksPerNode * nodesPerBlock).ToString(CultureInfo.InvariantCulture);
        return "logins=$(mktemp); if [ -n \"${PBS_NODEFILE:-}\" ]; then sort -u \"$PBS_NODEFILE\" > \"$logins\"; else echo : > \"$logins\"; fi; " +
            $"seq 1 {copies} | parallel --jobs {tasksPerNode.ToString(CultureInfo.InvariantCulture)} --sshloginfile \"$logins\" {ShellCommand.Quote("PARSL_WORKER_COPY={} " + Bash(command))}; " +
            "status=$?; rm -f \"$logins\"; exit $status";
    }
}
