using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as IBM Spectrum LSF jobs: <c>bsub</c> submits (the script on its standard input, as LSF reads
/// <c>#BSUB</c> lines there), one <c>bjobs -a</c> with custom output reports every block (finished ones too, while LSF
/// keeps them), one <c>bkill</c> cancels.
/// </summary>
/// <remarks>
/// Formats followed: the IBM Spectrum LSF Command Reference (10.1): "bsub" ("Job &lt;id&gt; is submitted to queue
/// &lt;q&gt;."), "bjobs" (<c>-o "jobid stat exit_code delimiter='|'"</c> custom output, <c>-noheader</c>; "Job
/// &lt;id&gt; is not found" for forgotten ids, exit 255 when none is found) and "bkill" ("Job has already finished").
/// </remarks>
public sealed partial class LsfProvider : BatchSchedulerProvider
{
    /// <inheritdoc />
    public override string Name => "lsf";

    /// <summary>The queue (<c>-q</c>); null for the cluster's default.</summary>
    public string? Queue { get; init; }

    /// <inheritdoc />
    protected override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        var lines = new StringBuilder();
        void Line(string directive) => lines.Append("#BSUB ").Append(directive).Append('\n');
        Line("-J " + request.JobName);
        Line("-o " + stdoutPath);
        Line("-e " + stderrPath);
        var perNode = CoresPerNode ?? 1;
        Line(string.Create(CultureInfo.InvariantCulture, $"-n {request.Nodes * perNode}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"-R \"span[ptile={perNode}]\""));
        if (MemoryPerNodeGb is { } memory)
            Line(string.Create(CultureInfo.InvariantCulture, $"-R \"rusage[mem={memory * 1024 / perNode}]\"")); // MB per slot
        if (request.Walltime is { } walltime)
        {
            var minutes = (long)Math.Ceiling(walltime.TotalMinutes);
            Line(string.Create(CultureInfo.InvariantCulture, $"-W {minutes / 60:00}:{minutes % 60:00}"));
        }
        if (Exclusive)
            Line("-x");
        if (Queue is not null)
            Line("-q " + Queue);
        if (Account is not null)
            Line("-P " + Account);
        return lines.ToString();
    }

    /// <inheritdoc />
    protected override string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath) => "bsub < " + ShellCommand.Quote(scriptPath);

    /// <inheritdoc />
    protected override string ParseJobId(CommandResult result) =>
        SubmittedPattern().Match(result.Stdout) is { Success: true } match
            ? match.Groups[1].Value
            : throw new FormatException("no 'Job <id> is submitted' line");

    [GeneratedRegex(@"Job <(\d+)> is submitted")]
    private static partial Regex SubmittedPattern();

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) =>
        "bjobs -a -noheader -o \"jobid stat exit_code delimiter='|'\" " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        if (result.ExitCode != 0 && !StderrOnlySays(result, "is not found"))
            throw new FormatException($"bjobs exited with code {result.ExitCode}");
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length != 3)
                throw new FormatException($"the line '{line}' is not 'jobid|stat|exit_code'");
            int? exit = int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
            statuses[fields[0]] = Status(fields[1], exit);
        }
        return statuses;
    }

    /// <summary>LSF's job states (bjobs, "Job states") as block states.</summary>
    internal static BlockStatus Status(string stat, int? exit) => stat switch
    {
        "PEND" or "PROV" or "WAIT" or "PSUSP" or "USUSP" or "SSUSP" => new BlockStatus(BlockState.Pending, Message: $"LSF state {stat}"),
        "RUN" => new BlockStatus(BlockState.Running, Message: "LSF state RUN"),
        "DONE" => new BlockStatus(BlockState.Completed, 0),
        "EXIT" => new BlockStatus(BlockState.Failed, exit, $"LSF state EXIT, exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}"),
        _ => new BlockStatus(BlockState.Unknown, exit, $"LSF state {stat}"),
    };

    /// <inheritdoc />
    protected override string CancelCommand(IReadOnlyCollection<string> jobIds) => "bkill " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) => StderrOnlySays(result, "Job has already finished", "No matching job found");
}
