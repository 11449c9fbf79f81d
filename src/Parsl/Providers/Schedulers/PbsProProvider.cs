using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as PBS Professional (OpenPBS) jobs: <c>qsub</c> submits, one <c>qstat -f -F json -x</c> reports every block
/// (finished ones too, while the server keeps their history), one <c>qdel</c> cancels.
/// </summary>
/// <remarks>
/// Formats followed: the PBS Professional Reference Guide (2022.1), "qsub" (the job identifier <c>sequence.server</c>
/// alone on stdout), "qstat" (<c>-F json</c> output: a <c>Jobs</c> object keyed by job id, with <c>job_state</c> and,
/// once finished, <c>Exit_status</c>; "Unknown Job Id" on stderr for ids the server forgot) and "qdel" ("Job has
/// finished", exit 35). Exit statuses above 256 are 256 plus the signal that killed the job (271: SIGTERM, as qdel sends).
/// Job ids are kept whole (<c>1234.server</c>): qstat and qdel need the server part.
/// </remarks>
public sealed partial class PbsProProvider : BatchSchedulerProvider
{
    /// <inheritdoc />
    public override string Name => "pbspro";

    /// <summary>The queue (<c>-q</c>); null for the server's default.</summary>
    public string? Queue { get; init; }

    /// <inheritdoc />
    protected override string Directives(BlockRequest request, string stdoutPath, string stderrPath)
    {
        var lines = new StringBuilder();
        void Line(string directive) => lines.Append("#PBS ").Append(directive).Append('\n');
        Line("-N " + request.JobName);
        Line("-o " + stdoutPath);
        Line("-e " + stderrPath);
        var select = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"select={request.Nodes}"));
        if (CoresPerNode is { } cores)
            select.Append(CultureInfo.InvariantCulture, $":ncpus={cores}");
        if (MemoryPerNodeGb is { } memory)
            select.Append(CultureInfo.InvariantCulture, $":mem={memory}gb");
        Line("-l " + select);
        Line("-l place=scatter" + (Exclusive ? ":excl" : ""));
        if (request.Walltime is { } walltime)
            Line("-l walltime=" + HoursMinutesSeconds(walltime));
        if (Queue is not null)
            Line("-q " + Queue);
        if (Account is not null)
            Line("-A " + Account);
        return lines.ToString();
    }

    /// <summary><c>hh:mm:ss</c>, hours past 24 allowed, rounded up to the second.</summary>
    internal static string HoursMinutesSeconds(TimeSpan walltime)
    {
        var seconds = (long)Math.Ceiling(walltime.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds % 3600 / 60:00}:{seconds % 60:00}");
    }

    /// <inheritdoc />
    protected override string SubmitCommand(string scriptPath) => "qsub " + ShellCommand.Quote(scriptPath);

    /// <inheritdoc />
    protected override string ParseJobId(CommandResult result)
    {
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return JobIdPattern().IsMatch(line) ? line : throw new FormatException($"'{line}' is not a PBS job id (sequence.server)");
    }

    [GeneratedRegex(@"^\d+(\[\d*\])?(\.[A-Za-z0-9_.-]+)?$")]
    private static partial Regex JobIdPattern();

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) =>
        "qstat -f -F json -x " + string.Join(' ', jobIds.Select(ShellCommand.Quote));

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds)
    {
        // Forgotten ids make qstat exit non-zero while it still prints the others; any other failure is one.
        var stderr = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (result.ExitCode != 0 && !stderr.All(line => line.Contains("Unknown Job Id", StringComparison.Ordinal)))
            throw new FormatException($"qstat exited with code {result.ExitCode}");
        var statuses = new Dictionary<string, BlockStatus>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(result.Stdout))
            return statuses;
        try
        {
            using var json = JsonDocument.Parse(result.Stdout);
            if (!json.RootElement.TryGetProperty("Jobs", out var jobs))
                return statuses;
            foreach (var job in jobs.EnumerateObject())
            {
                var state = job.Value.TryGetProperty("job_state", out var s) ? s.GetString() ?? "" : throw new FormatException($"job {job.Name} has no job_state");
                int? exit = job.Value.TryGetProperty("Exit_status", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;
                statuses[job.Name] = Status(state, exit);
            }
        }
        catch (JsonException exception)
        {
            throw new FormatException("qstat -F json printed no JSON: " + exception.Message, exception);
        }
        return statuses;
    }

    /// <summary>PBS Professional's job states (Reference Guide, "Job States") as block states.</summary>
    internal static BlockStatus Status(string state, int? exit) => state switch
    {
        "Q" or "H" or "W" or "T" or "S" or "U" or "M" => new BlockStatus(BlockState.Pending, Message: $"PBS state {state}"),
        "R" or "E" or "B" => new BlockStatus(BlockState.Running, Message: $"PBS state {state}"),
        "F" or "X" when exit == 0 => new BlockStatus(BlockState.Completed, 0),
        "F" or "X" when exit is 271 or 265 => new BlockStatus(BlockState.Cancelled, exit, $"killed by signal {exit - 256}"),
        "F" or "X" => new BlockStatus(BlockState.Failed, exit, exit > 256 ? $"killed by signal {exit - 256}" : $"exit status {exit}"),
        _ => new BlockStatus(BlockState.Unknown, exit, $"PBS state {state}"),
    };

    /// <inheritdoc />
    protected override string CancelCommand(IReadOnlyCollection<string> jobIds) => "qdel " + string.Join(' ', jobIds.Select(ShellCommand.Quote));

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) =>
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .All(line => line.Contains("Job has finished", StringComparison.Ordinal) || line.Contains("Unknown Job Id", StringComparison.Ordinal));
}
