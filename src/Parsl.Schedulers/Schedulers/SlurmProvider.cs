using System.Globalization;
using System.Text;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as Slurm batch jobs: <c>sbatch --parsable</c> submits, one <c>squeue -t all</c> reports every block (finished
/// jobs too, while the controller keeps them: <c>MinJobAge</c>), one <c>scancel</c> cancels.
/// </summary>
/// <remarks>
/// Formats followed: the sbatch, squeue and scancel man pages of Slurm 22.05 (<c>--parsable</c> prints
/// <c>jobid[;cluster]</c>; squeue's <c>%i %T %r</c> are the job id, its state in long form and the reason; an id the
/// controller has forgotten makes squeue exit 1 with "Invalid job id specified" when it is the only one asked for).
/// </remarks>
public sealed class SlurmProvider : BatchSchedulerProvider
{
    /// <inheritdoc />
    public override string Name => "slurm";

    /// <summary>The partition (<c>--partition</c>); null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>The quality of service (<c>--qos</c>); null for the default.</summary>
    public string? Qos { get; init; }

    /// <summary>A node feature constraint (<c>--constraint</c>); null for none.</summary>
    public string? Constraint { get; init; }

    /// <inheritdoc />
    protected override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        var lines = new StringBuilder();
        void Line(string directive) => lines.Append("#SBATCH ").Append(directive).Append('\n');
        Line("--job-name=" + request.JobName);
        Line("--output=" + stdoutPath);
        Line("--error=" + stderrPath);
        Line("--chdir=" + JobDirectory);
        Line(string.Create(CultureInfo.InvariantCulture, $"--nodes={request.Nodes}"));
        Line("--ntasks-per-node=1"); // one manager per node; it starts the workers
        if (CoresPerNode is { } cores)
            Line(string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={cores}"));
        if (MemoryPerNodeGb is { } memory)
            Line(string.Create(CultureInfo.InvariantCulture, $"--mem={memory}G"));
        if (request.Walltime is { } walltime)
            Line("--time=" + Walltime(walltime));
        if (Exclusive)
            Line("--exclusive");
        if (Partition is not null)
            Line("--partition=" + Partition);
        if (Account is not null)
            Line("--account=" + Account);
        if (Qos is not null)
            Line("--qos=" + Qos);
        if (Constraint is not null)
            Line("--constraint=" + Constraint);
        return lines.ToString();
    }

    /// <summary>Slurm's <c>days-hours:minutes:seconds</c>, rounded up to whole minutes as Slurm enforces them.</summary>
    internal static string Walltime(TimeSpan walltime)
    {
        var minutes = (long)Math.Ceiling(walltime.TotalMinutes);
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 1440}-{minutes % 1440 / 60:00}:{minutes % 60:00}:00");
    }

    /// <inheritdoc />
    protected override string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath) => "sbatch --parsable " + ShellCommand.Quote(scriptPath);

    /// <inheritdoc />
    protected override string ParseJobId(CommandResult result) =>
        NumericJobId(result, ';'); // "1234" or "1234;cluster"; warnings may come first on stdout.

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) =>
        $"squeue --noheader --states=all --format='%i %T %r' --jobs={QuotedJobIds(jobIds, ',')}";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        if (result.ExitCode != 0)
        {
            // Every id asked for is one the controller has forgotten: they have all vanished.
            if (result.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
                return statuses;
            throw new FormatException($"squeue exited with code {result.ExitCode}");
        }
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', 3);
            if (fields.Length < 2)
                throw new FormatException($"the line '{line}' is not 'id state reason'");
            var reason = fields.Length > 2 && fields[2] != "None" ? fields[2] : null;
            statuses[fields[0]] = new BlockStatus(State(fields[1]), Message: reason is null ? $"Slurm state {fields[1]}" : $"Slurm state {fields[1]} ({reason})");
        }
        return statuses;
    }

    /// <summary>Slurm's job states (squeue's long forms) as block states.</summary>
    internal static BlockState State(string slurmState) => slurmState switch
    {
        "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_FED" or "REQUEUE_HOLD" or "RESIZING" or "SUSPENDED" or "STOPPED" or "SIGNALING" => BlockState.Pending,
        "RUNNING" or "COMPLETING" or "STAGE_OUT" => BlockState.Running,
        "COMPLETED" => BlockState.Completed,
        "CANCELLED" or "REVOKED" => BlockState.Cancelled,
        "FAILED" or "TIMEOUT" or "NODE_FAIL" or "PREEMPTED" or "BOOT_FAIL" or "DEADLINE" or "OUT_OF_MEMORY" or "SPECIAL_EXIT" => BlockState.Failed,
        _ => BlockState.Unknown,
    };

    /// <inheritdoc />
    protected override string CancelCommand(IReadOnlyCollection<string> jobIds) => "scancel " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) => StderrOnlySays(result, "already completing or completed", "Invalid job id");
}
