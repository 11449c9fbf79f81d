using System.Globalization;
using System.Text.RegularExpressions;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>What PBS Professional and TORQUE, both descendants of OpenPBS, print and read alike.</summary>
internal static partial class PbsFormats
{
    /// <summary>The job identifier qsub prints (<c>sequence.server</c>), kept whole: qstat and qdel need the server part.</summary>
    public static string JobId(CommandResult result)
    {
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return JobIdPattern().IsMatch(line) ? line : throw new FormatException($"'{line}' is not a PBS job id (sequence.server)");
    }

    [GeneratedRegex(@"^\d+(\[\d*\])?(\.[A-Za-z0-9_.-]+)?$")]
    private static partial Regex JobIdPattern();

    /// <summary><c>hh:mm:ss</c> for <c>-l walltime</c>, hours past 24 allowed, rounded up to the second.</summary>
    public static string Walltime(TimeSpan walltime)
    {
        var seconds = (long)Math.Ceiling(walltime.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds % 3600 / 60:00}:{seconds % 60:00}");
    }

    /// <summary>How a finished job ended, from its exit status: above 256 is 256 plus the signal that killed it (271: SIGTERM, as qdel sends).</summary>
    public static BlockStatus Ended(int? exit) => exit switch
    {
        0 => new BlockStatus(BlockState.Completed, 0),
        271 or 265 => new BlockStatus(BlockState.Cancelled, exit, $"killed by signal {exit - 256}"),
        > 256 => new BlockStatus(BlockState.Failed, exit, $"killed by signal {exit - 256}"),
        _ => new BlockStatus(BlockState.Failed, exit, $"exit status {exit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}"),
    };
}
