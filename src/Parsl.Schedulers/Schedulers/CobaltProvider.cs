using System.Globalization;
using System.Text;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as Cobalt jobs (the scheduler of ALCF's former machines): <c>qsub --mode script</c> submits a script of
/// <c>#COBALT</c> directives, one <c>qstat</c> lists every block still known, one <c>qdel</c> cancels. Cobalt keeps no
/// record of finished jobs: a block gone from qstat is <see cref="BlockState.Unknown"/>.
/// </summary>
/// <remarks>
/// Formats followed: the ALCF Cobalt user guide, "qsub" (<c>-n</c> nodes, <c>-t</c> minutes, <c>-q</c>, <c>-A</c>,
/// <c>-o</c>/<c>-e</c>, <c>--cwd</c>, <c>--jobname</c>; the job id alone on stdout), "qstat" (a table whose header
/// names the columns, JobID and State among them, above a rule of '=' signs) and "qdel".
/// </remarks>
public sealed class CobaltProvider : BatchSchedulerProvider
{
    /// <inheritdoc />
    public override string Name => "cobalt";

    /// <summary>The queue (<c>-q</c>); null for the default.</summary>
    public string? Queue { get; init; }

    /// <inheritdoc />
    protected override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lines = new StringBuilder();
        void Line(string directive) => lines.Append("#COBALT ").Append(directive).Append('\n');
        Line("--jobname " + request.JobName);
        Line("-o " + stdoutPath);
        Line("-e " + stderrPath);
        Line(string.Create(CultureInfo.InvariantCulture, $"-n {request.Nodes}"));
        // Cobalt needs a time limit; an hour unless the block has one.
        Line(string.Create(CultureInfo.InvariantCulture, $"-t {(long)Math.Ceiling((request.Walltime ?? TimeSpan.FromHours(1)).TotalMinutes)}"));
        Line("--cwd " + JobDirectory);
        if (Queue is not null)
            Line("-q " + Queue);
        if (Account is not null)
            Line("-A " + Account);
        return lines.ToString();
    }

    /// <inheritdoc />
    protected override string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath) =>
        "qsub --mode script " + ShellCommand.Quote(scriptPath);

    /// <inheritdoc />
    protected override string ParseJobId(CommandResult result) => NumericJobId(result, ' ');

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) => "qstat " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ExitCode != 0)
            throw new FormatException($"qstat exited with code {result.ExitCode}");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines.FirstOrDefault(line => line.StartsWith("JobID", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            ?? throw new FormatException("no header line naming JobID and State");
        var idColumn = Array.IndexOf(header, "JobID");
        var stateColumn = Array.IndexOf(header, "State");
        if (stateColumn < 0)
            throw new FormatException("the header names no State column");
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        foreach (var line in lines.SkipWhile(line => !line.StartsWith('=')).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length <= Math.Max(idColumn, stateColumn))
                throw new FormatException($"the line '{line}' has fewer columns than the header");
            var state = fields[stateColumn];
            statuses[fields[idColumn]] = state switch
            {
                "running" or "starting" or "exiting" => new BlockStatus(BlockState.Running, Message: "Cobalt: " + state),
                "killing" => new BlockStatus(BlockState.Cancelled, Message: "Cobalt: killing"),
                _ when state == "queued" || state.EndsWith("_hold", StringComparison.Ordinal) => new BlockStatus(BlockState.Pending, Message: "Cobalt: " + state),
                _ => new BlockStatus(BlockState.Unknown, Message: "Cobalt: " + state),
            };
        }
        return statuses;
    }

    /// <inheritdoc />
    protected override string CancelCommand(IReadOnlyCollection<string> jobIds) => "qdel " + QuotedJobIds(jobIds);
}
