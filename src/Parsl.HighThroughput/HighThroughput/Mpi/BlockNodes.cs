using System.Globalization;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The nodes of the block a manager runs in, as its batch system tells them: an explicit host file
/// (<c>PARSL_MPI_HOSTFILE</c>), Slurm's <c>SLURM_JOB_NODELIST</c> (compressed: <c>node[01-04,07]</c>), PBS's
/// <c>PBS_NODEFILE</c>, LSF's <c>LSB_MCPU_HOSTS</c> or <c>LSB_HOSTS</c>, Grid Engine's <c>PE_HOSTFILE</c>, Cobalt's
/// <c>COBALT_NODEFILE</c>; otherwise this machine alone.
/// </summary>
internal static class BlockNodes
{
    /// <summary>The nodes, and where the list came from (for the manager's log).</summary>
    public static (IReadOnlyList<string> Nodes, string Source) Discover(Func<string, string?> variable)
    {
        if (variable("PARSL_MPI_HOSTFILE") is { Length: > 0 } hostFile)
            return (FromHostFile(File.ReadAllLines(hostFile)), $"PARSL_MPI_HOSTFILE ({hostFile})");
        if ((variable("SLURM_JOB_NODELIST") ?? variable("SLURM_NODELIST")) is { Length: > 0 } slurm)
            return (ExpandSlurm(slurm), "SLURM_JOB_NODELIST");
        if (variable("PBS_NODEFILE") is { Length: > 0 } pbs)
            return (Distinct(File.ReadAllLines(pbs)), $"PBS_NODEFILE ({pbs})");
        if (variable("LSB_MCPU_HOSTS") is { Length: > 0 } lsfPairs)
            return (FromLsfPairs(lsfPairs), "LSB_MCPU_HOSTS");
        if (variable("LSB_HOSTS") is { Length: > 0 } lsf)
            return (Distinct(lsf.Split(' ', StringSplitOptions.RemoveEmptyEntries)), "LSB_HOSTS");
        if (variable("PE_HOSTFILE") is { Length: > 0 } sge)
            return (FromGridEngine(File.ReadAllLines(sge)), $"PE_HOSTFILE ({sge})");
        if (variable("COBALT_NODEFILE") is { Length: > 0 } cobalt)
            return (Distinct(File.ReadAllLines(cobalt)), $"COBALT_NODEFILE ({cobalt})");
        return ([Environment.MachineName], "this machine (no batch system's node list in the environment)");
    }

    /// <summary>
    /// Slurm's compressed host list: comma-separated names, each with any number of bracketed ranges and single numbers
    /// whose width (leading zeros) is kept: <c>node[01-03,07],gpu[1-2]x[a,b]</c> → node01, node02, node03, node07, gpu1xa, ….
    /// </summary>
    public static IReadOnlyList<string> ExpandSlurm(string list)
    {
        var nodes = new List<string>();
        foreach (var item in SplitTopLevel(list))
            nodes.AddRange(ExpandItem(item, list));
        return nodes;
    }

    private static IEnumerable<string> SplitTopLevel(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= list.Length; i++)
        {
            if (i < list.Length && list[i] == '[')
                depth++;
            else if (i < list.Length && list[i] == ']')
                depth--;
            else if (i == list.Length || (list[i] == ',' && depth == 0))
            {
                if (i > start)
                    yield return list[start..i].Trim();
                start = i + 1;
            }
        }
    }

    private static IEnumerable<string> ExpandItem(string item, string list)
    {
        var open = item.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
            return [item];
        var close = item.IndexOf(']', open);
        if (close < 0)
            throw new FormatException($"Slurm node list '{list}': '{item}' has a '[' without its ']'.");
        var head = item[..open];
        var tails = ExpandItem(item[(close + 1)..], list).ToList();
        var expanded = new List<string>();
        foreach (var part in item[(open + 1)..close].Split(','))
        {
            foreach (var number in Range(part, list))
                expanded.AddRange(tails.Select(tail => head + number + tail));
        }
        return expanded;
    }

    private static IEnumerable<string> Range(string part, string list)
    {
        var dash = part.IndexOf('-', StringComparison.Ordinal);
        var (from, to) = dash < 0 ? (part, part) : (part[..dash], part[(dash + 1)..]);
        if (!int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
            !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
            throw new FormatException($"Slurm node list '{list}': '{part}' is not a number or a range like 01-04.");
        var width = from.Length;
        for (var n = first; n <= last; n++)
            yield return n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
    }

    /// <summary>A host file: one node per line (<c>host</c>, MPICH's <c>host:slots</c>, Open MPI's <c>host slots=N</c>);
    /// blank lines and <c>#</c> comments skipped. A name given twice is two nodes.</summary>
    public static IReadOnlyList<string> FromHostFile(IEnumerable<string> lines) =>
        [.. lines.Select(line => line.Split('#')[0].Trim()).Where(line => line.Length > 0).Select(line => line.Split(' ', ':')[0])];

    /// <summary>LSF's <c>host1 4 host2 4</c> pairs.</summary>
    public static IReadOnlyList<string> FromLsfPairs(string pairs) =>
        [.. pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 0)];

    /// <summary>Grid Engine's <c>PE_HOSTFILE</c>: <c>host slots queue processors</c> per line.</summary>
    public static IReadOnlyList<string> FromGridEngine(IEnumerable<string> lines) =>
        Distinct(lines.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? ""));

    /// <summary>Names in first-seen order, each once (PBS writes a node once per core it gives).</summary>
    private static IReadOnlyList<string> Distinct(IEnumerable<string> names) =>
        [.. names.Select(name => name.Trim()).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal)];
}
