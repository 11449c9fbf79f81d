using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as (Son of / Univa / Altair) Grid Engine jobs: <c>qsub -terse</c> submits, one <c>qstat -xml</c> reports every
/// block still queued or running, <c>qacct -j</c> says how a block that left the queue ended, one <c>qdel</c> cancels.
/// </summary>
/// <remarks>
/// Formats followed: the qsub, qstat, qacct and qdel man pages of Son of Grid Engine 8.1.9 (<c>-terse</c> prints the
/// job id alone; <c>qstat -xml</c> lists <c>job_list</c> elements with <c>JB_job_number</c> and <c>state</c> codes
/// such as <c>qw</c>, <c>r</c>, <c>Eqw</c>, <c>dr</c>; <c>qacct -j</c> prints <c>failed</c> and <c>exit_status</c> lines, or
/// "error: job id N not found" until accounting is flushed). Grid Engine has no nodes in its requests: a block is
/// one job on one host, with <see cref="BatchSchedulerProvider.CoresPerNode"/> slots of the parallel environment.
/// </remarks>
public sealed class GridEngineProvider : BatchSchedulerProvider
{
    /// <inheritdoc />
    public override string Name => "gridengine";

    /// <summary>The queue (<c>-q</c>); null for the cluster's default.</summary>
    public string? Queue { get; init; }

    /// <summary>The parallel environment that grants <see cref="BatchSchedulerProvider.CoresPerNode"/> slots (<c>-pe</c>).</summary>
    public string ParallelEnvironment { get; init; } = "smp";

    /// <inheritdoc />
    protected override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        if (request.Nodes != 1)
            throw new BlockSubmissionException($"The gridengine provider starts blocks of one host each, and block {request.JobName} asks for {request.Nodes} nodes: set NodesPerBlock to 1 and use more blocks.");
        var lines = new StringBuilder();
        void Line(string directive) => lines.Append("#$ ").Append(directive).Append('\n');
        Line("-S /bin/bash");
        Line("-N " + request.JobName);
        Line("-o " + stdoutPath);
        Line("-e " + stderrPath);
        Line("-V"); // the submitting environment, as Slurm passes it by default
        Line("-wd " + JobDirectory);
        if (CoresPerNode is { } cores)
            Line(string.Create(CultureInfo.InvariantCulture, $"-pe {ParallelEnvironment} {cores}"));
        if (MemoryPerNodeGb is { } memory)
            Line(string.Create(CultureInfo.InvariantCulture, $"-l h_vmem={memory}G"));
        if (request.Walltime is { } walltime)
            Line(string.Create(CultureInfo.InvariantCulture, $"-l h_rt={(long)Math.Ceiling(walltime.TotalSeconds)}"));
        if (Exclusive)
            Line("-l exclusive=true");
        if (Queue is not null)
            Line("-q " + Queue);
        if (Account is not null)
            Line("-P " + Account);
        return lines.ToString();
    }

    /// <inheritdoc />
    protected override string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath) => "qsub -terse " + ShellCommand.Quote(scriptPath);

    /// <inheritdoc />
    protected override string ParseJobId(CommandResult result) =>
        NumericJobId(result, '.'); // "123", or "123.1-4:1" for an array job.

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) => "qstat -xml";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        if (result.ExitCode != 0)
            throw new FormatException($"qstat exited with code {result.ExitCode}");
        XDocument document;
        try
        {
            document = XDocument.Parse(result.Stdout);
        }
        catch (XmlException exception)
        {
            throw new FormatException("qstat -xml printed no XML: " + exception.Message, exception);
        }
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        foreach (var job in document.Descendants().Where(e => e.Name.LocalName == "job_list"))
        {
            var id = job.Elements().FirstOrDefault(e => e.Name.LocalName == "JB_job_number")?.Value.Trim();
            var state = job.Elements().FirstOrDefault(e => e.Name.LocalName == "state")?.Value.Trim();
            if (id is null || state is null)
                throw new FormatException("a job_list element has no JB_job_number or state");
            statuses[id] = new BlockStatus(State(state), Message: $"Grid Engine state {state}");
        }
        return statuses;
    }

    /// <summary>Grid Engine's state codes (letters combine: <c>Eqw</c> is an error while queued, <c>dr</c> a running job being deleted).</summary>
    internal static BlockState State(string code) =>
        code.Contains('E', StringComparison.Ordinal) ? BlockState.Failed
        : code.Contains('d', StringComparison.Ordinal) ? BlockState.Cancelled
        : code.Contains('r', StringComparison.Ordinal) || code.Contains('t', StringComparison.Ordinal) || code.Contains('R', StringComparison.Ordinal) ? BlockState.Running
        : code.Contains('q', StringComparison.Ordinal) || code.Contains('w', StringComparison.Ordinal) || code.Contains('h', StringComparison.Ordinal)
          || code.Contains('s', StringComparison.Ordinal) || code.Contains('S', StringComparison.Ordinal) || code.Contains('T', StringComparison.Ordinal) ? BlockState.Pending
        : BlockState.Unknown;

    /// <summary>A job that left qstat: its accounting record says how it ended, once Grid Engine has written it.</summary>
    protected override async ValueTask<BlockStatus> VanishedAsync(string jobId, CancellationToken cancellationToken)
    {
        var accounting = await RunAsync("qacct -j " + ShellCommand.Quote(jobId), cancellationToken).ConfigureAwait(false);
        if (accounting.ExitCode != 0)
            return await base.VanishedAsync(jobId, cancellationToken).ConfigureAwait(false);
        int? Field(string name) => accounting.Stdout.Split('\n')
            .Select(line => line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && parts[0] == name)
            .Select(parts => int.TryParse(parts[1].Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null)
            .LastOrDefault();
        var failed = Field("failed");
        var exit = Field("exit_status");
        if (failed is null && exit is null)
            return await base.VanishedAsync(jobId, cancellationToken).ConfigureAwait(false);
        return failed is 0 or null && exit is 0
            ? new BlockStatus(BlockState.Completed, 0)
            : new BlockStatus(BlockState.Failed, exit, $"qacct: failed {failed}, exit status {exit}");
    }

    /// <inheritdoc />
    protected override string CancelCommand(IReadOnlyCollection<string> jobIds) => "qdel " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) =>
        OutputOnlySays(result, "does not exist", "has registered the job", "has deleted job");
}
