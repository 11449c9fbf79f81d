using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// Blocks as TORQUE (PBS) jobs: <c>qsub</c> submits, one <c>qstat -x</c> reports every block (completed ones too, for
/// the server's <c>keep_completed</c> time), one <c>qdel</c> cancels.
/// </summary>
/// <remarks>
/// Formats followed: the TORQUE Resource Manager Administrator Guide (6.1): "qsub" (<c>sequence.server</c> on stdout),
/// "qstat" (<c>-x</c>: XML, a <c>Data</c> element of <c>Job</c> elements with <c>Job_Id</c>, <c>job_state</c> and, once
/// completed (state C), <c>exit_status</c>; "Unknown Job Id Error" for forgotten ids, exit 153) and "qdel" ("Invalid
/// state for job - COMPLETE"). Nodes are requested as <c>nodes=N:ppn=C</c>; <c>Exclusive</c> is <c>-n</c>.
/// </remarks>
public sealed class TorqueProvider : PbsFamilyProvider
{
    /// <inheritdoc />
    public override string Name => "torque";

    /// <inheritdoc />
    protected override IEnumerable<string> Resources(BlockRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        yield return string.Create(CultureInfo.InvariantCulture, $"-l nodes={request.Nodes}:ppn={CoresPerNode ?? 1}");
        if (MemoryPerNodeGb is { } memory)
            yield return string.Create(CultureInfo.InvariantCulture, $"-l mem={memory * request.Nodes}gb");
        if (Exclusive)
            yield return "-n";
    }

    /// <inheritdoc />
    protected override string StatusCommand(IReadOnlyCollection<string> jobIds) => "qstat -x " + QuotedJobIds(jobIds);

    /// <inheritdoc />
    protected override void ReadStatuses(string qstatOutput, IDictionary<string, BlockStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        XDocument document;
        try
        {
            document = XDocument.Parse(qstatOutput);
        }
        catch (XmlException exception)
        {
            throw new FormatException("qstat -x printed no XML: " + exception.Message, exception);
        }
        foreach (var job in document.Descendants("Job"))
        {
            var id = job.Element("Job_Id")?.Value.Trim() ?? throw new FormatException("a Job element has no Job_Id");
            var state = job.Element("job_state")?.Value.Trim() ?? throw new FormatException($"job {id} has no job_state");
            int? exit = int.TryParse(job.Element("exit_status")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
            statuses[id] = state switch
            {
                "Q" or "H" or "W" or "T" or "S" => new BlockStatus(BlockState.Pending, Message: $"TORQUE state {state}"),
                "R" or "E" => new BlockStatus(BlockState.Running, Message: $"TORQUE state {state}"),
                "C" => PbsFormats.Ended(exit),
                _ => new BlockStatus(BlockState.Unknown, exit, $"TORQUE state {state}"),
            };
        }
    }

    /// <inheritdoc />
    protected override bool CancelledAnyway(CommandResult result) => StderrOnlySays(result, "Invalid state for job - COMPLETE", "Unknown Job Id");
}
