using System.Globalization;
using System.Text;
using System.Text.Json;
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
public sealed class PbsProProvider : PbsFamilyProvider
{
    /// <inheritdoc />
    public override string Name => "pbspro";

    /// <inheritdoc />
    protected override IEnumerable<string> Resources(BlockRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var select = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"select={request.Nodes}"));
        if (CoresPerNode is { } cores)
            select.Append(CultureInfo.InvariantCulture, $":ncpus={cores}");
        if (MemoryPerNodeGb is { } memory)
            select.Append(CultureInfo.InvariantCulture, $":mem={memory}gb");
        yield return "-l " + select;
        yield return "-l place=scatter" + (Exclusive ? ":excl" : "");
    }

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) =>
        "qstat -f -F json -x " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override void ReadStatuses(string qstatOutput, IDictionary<string, BlockStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        try
        {
            using var json = JsonDocument.Parse(qstatOutput);
            if (!json.RootElement.TryGetProperty("Jobs", out var jobs))
                return;
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
    }

    /// <summary>PBS Professional's job states (Reference Guide, "Job States") as block states.</summary>
    internal static BlockStatus Status(string state, int? exit) => state switch
    {
        "Q" or "H" or "W" or "T" or "S" or "U" or "M" => new BlockStatus(BlockState.Pending, Message: $"PBS state {state}"),
        "R" or "E" or "B" => new BlockStatus(BlockState.Running, Message: $"PBS state {state}"),
        "F" or "X" => PbsFormats.Ended(exit),
        _ => new BlockStatus(BlockState.Unknown, exit, $"PBS state {state}"),
    };

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) => StderrOnlySays(result, "Job has finished", "Unknown Job Id");
}
