using System.Globalization;
using System.Text;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as HTCondor jobs: the batch script is the job's executable, described to <c>condor_submit -terse</c> on its
/// standard input; one <c>condor_q</c> reports every block in the queue, <c>condor_history</c> says how one that left
/// it ended, one <c>condor_rm</c> cancels. A block is one slot (HTCondor has no multi-node jobs in the vanilla universe).
/// </summary>
/// <remarks>
/// Formats followed: the HTCondor Manual (23.x), "condor_submit" (the submit description from stdin; <c>-terse</c>
/// prints <c>first - last</c> job ids such as <c>1234.0 - 1234.0</c>), "condor_q" and "condor_history"
/// (<c>-af:j JobStatus ExitCode</c>: the job id then the attributes, <c>undefined</c> for one not set; JobStatus 1 idle,
/// 2 running, 3 removed, 4 completed, 5 held, 6 transferring output, 7 suspended) and "condor_rm" ("not found", exit 1).
/// </remarks>
public sealed class CondorProvider : BatchSchedulerProvider
{
    /// <inheritdoc />
    public override string Name => "condor";

    /// <summary>Extra lines of the submit description (e.g. <c>requirements = (OpSysMajorVer == 9)</c>), copied as written.</summary>
    public string? SubmitOptions { get; init; }

    /// <inheritdoc />
    protected override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Nodes != 1)
            throw new BlockSubmissionException($"The condor provider starts blocks of one slot each, and block {request.JobName} asks for {request.Nodes} nodes: set NodesPerBlock to 1 and use more blocks.");
        return ""; // HTCondor reads no directives from the script: its submit description says it all
    }

    /// <inheritdoc />
    protected override string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var description = new StringBuilder();
        void Line(string line) => description.Append(line).Append('\n');
        Line("universe = vanilla");
        Line("executable = " + scriptPath);
        Line("output = " + stdoutPath);
        Line("error = " + stderrPath);
        Line("log = " + Path.ChangeExtension(stdoutPath, ".condor.log"));
        Line("initialdir = " + JobDirectory);
        Line("getenv = true"); // the submitting environment, as Slurm passes it by default
        Line("batch_name = " + request.JobName);
        if (CoresPerNode is { } cores)
            Line(string.Create(CultureInfo.InvariantCulture, $"request_cpus = {cores}"));
        if (MemoryPerNodeGb is { } memory)
            Line(string.Create(CultureInfo.InvariantCulture, $"request_memory = {memory} GB"));
        if (request.Walltime is { } walltime)
            Line(string.Create(CultureInfo.InvariantCulture, $"periodic_remove = (JobStatus == 2) && (time() - EnteredCurrentStatus > {(long)Math.Ceiling(walltime.TotalSeconds)})"));
        if (Account is not null)
            Line("accounting_group = " + Account);
        if (!string.IsNullOrWhiteSpace(SubmitOptions))
            Line(SubmitOptions.TrimEnd());
        Line("queue 1");
        return $"condor_submit -terse - <<'PARSL_SUBMIT_DESCRIPTION'\n{description}PARSL_SUBMIT_DESCRIPTION";
    }

    /// <inheritdoc />
    protected override string ParseJobId(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        var id = line.Split(' ')[0];
        var parts = id.Split('.');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) ? id : throw new FormatException($"'{line}' is not 'cluster.proc - cluster.proc'");
    }

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) =>
        "condor_q " + QuotedJobIds(jobIds) + " -af:j JobStatus ExitCode";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ExitCode != 0)
            throw new FormatException($"condor_q exited with code {result.ExitCode}");
        return Lines(result.Stdout);
    }

    private static Dictionary<string, BlockStatus> Lines(string stdout)
    {
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
                throw new FormatException($"the line '{line}' is not 'id JobStatus ExitCode'");
            int? exit = int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
            statuses[fields[0]] = Status(status, exit);
        }
        return statuses;
    }

    /// <summary>HTCondor's JobStatus codes as block states; a held job needs a person (a missing file, a policy), so it has failed as a block.</summary>
    internal static BlockStatus Status(int jobStatus, int? exit) => jobStatus switch
    {
        1 or 7 => new BlockStatus(BlockState.Pending, Message: jobStatus == 1 ? "HTCondor: idle" : "HTCondor: suspended"),
        2 or 6 => new BlockStatus(BlockState.Running, Message: "HTCondor: running"),
        3 => new BlockStatus(BlockState.Cancelled, exit, "HTCondor: removed"),
        4 when exit == 0 => new BlockStatus(BlockState.Completed, 0),
        4 => new BlockStatus(BlockState.Failed, exit, $"HTCondor: completed with exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}"),
        5 => new BlockStatus(BlockState.Failed, exit, "HTCondor: held (see condor_q -hold for why)"),
        _ => new BlockStatus(BlockState.Unknown, exit, $"HTCondor JobStatus {jobStatus}"),
    };

    /// <summary>A job that left the queue: condor_history has its last status, unless the history was rotated away.</summary>
    protected override async ValueTask<BlockStatus> VanishedAsync(string jobId, CancellationToken cancellationToken)
    {
        var history = await RunAsync($"condor_history {ShellCommand.Quote(jobId)} -af:j JobStatus ExitCode -limit 1", cancellationToken).ConfigureAwait(false);
        if (history.ExitCode == 0 && Lines(history.Stdout).TryGetValue(jobId, out var status))
            return status;
        return await base.VanishedAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override string CancelCommand(IReadOnlyCollection<string> jobIds) => "condor_rm " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) => StderrOnlySays(result, "not found");
}
