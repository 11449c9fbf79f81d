using System.Text;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// What PBS Professional and TORQUE, both descendants of OpenPBS, share: <c>#PBS</c> directives, <c>qsub script</c>
/// printing <c>sequence.server</c>, and <c>qdel</c>. They differ in how resources are asked for and how qstat reports.
/// </summary>
public abstract class PbsFamilyProvider : BatchSchedulerProvider
{
    /// <summary>The queue (<c>-q</c>); null for the server's default.</summary>
    public string? Queue { get; init; }

    /// <summary>The resource directives of one block (nodes, cores, memory, exclusivity), without the <c>#PBS</c> prefix.</summary>
    protected abstract IEnumerable<string> Resources(BlockRequest request);

    /// <inheritdoc />
    protected sealed override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lines = new StringBuilder();
        void Line(string directive) => lines.Append("#PBS ").Append(directive).Append('\n');
        Line("-N " + request.JobName);
        Line("-o " + stdoutPath);
        Line("-e " + stderrPath);
        foreach (var resource in Resources(request))
            Line(resource);
        if (request.Walltime is { } walltime)
            Line("-l walltime=" + PbsFormats.Walltime(walltime));
        if (Queue is not null)
            Line("-q " + Queue);
        if (Account is not null)
            Line("-A " + Account);
        return lines.ToString();
    }

    /// <inheritdoc />
    protected sealed override string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath) => "qsub " + ShellCommand.Quote(scriptPath);

    /// <inheritdoc />
    protected sealed override string ParseJobId(CommandResult result) => PbsFormats.JobId(result);

    /// <inheritdoc />
    protected sealed override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(result);
        // Forgotten ids make qstat exit non-zero while it still prints the others; any other failure is one.
        if (result.ExitCode != 0 && !StderrOnlySays(result, "Unknown Job Id"))
            throw new FormatException($"qstat exited with code {result.ExitCode}");
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(result.Stdout))
            ReadStatuses(result.Stdout, statuses);
        return statuses;
    }

    /// <summary>Reads what qstat printed (not empty) into <paramref name="statuses"/>, by job id.</summary>
    protected abstract void ReadStatuses(string qstatOutput, IDictionary<string, BlockStatus> statuses);

    /// <inheritdoc />
    protected sealed override string CancelCommand(IReadOnlyCollection<string> jobIds) => "qdel " + QuotedJobIds(jobIds);
}
