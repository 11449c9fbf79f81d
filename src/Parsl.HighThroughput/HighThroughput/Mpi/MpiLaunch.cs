using System.Globalization;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// What an MPI try gets from the manager that placed it: the launch prefix for its launcher and the variables Parsl's
/// MPI mode sets (<c>PARSL_MPI_PREFIX</c>, <c>PARSL_MPI_NODELIST</c>, <c>PARSL_NUM_NODES</c>, <c>PARSL_RANKS_PER_NODE</c>,
/// <c>PARSL_NUM_RANKS</c>, and <c>PARSL_MPI_HOSTFILE</c>, a file naming its nodes in the launcher's format; with
/// <c>PARSL_CORES_PER_RANK</c> and <c>PARSL_GPUS_PER_RANK</c> when the try asks for them).
/// </summary>
internal static class MpiLaunch
{
    /// <summary>The variables for a try on <paramref name="nodes"/>, as name/value pairs; writes its host file into <paramref name="folder"/>.</summary>
    public static string[] Environment(MpiLauncher launcher, IReadOnlyList<string> nodes, MpiShape shape, string folder, long dispatchId)
    {
        var invariant = CultureInfo.InvariantCulture;
        Directory.CreateDirectory(folder);
        var hostFile = HostFileOf(folder, dispatchId);
        File.WriteAllLines(hostFile, nodes.Select(node => HostFileLine(launcher, node, shape.RanksPerNode)));
        List<string> variables =
        [
            "PARSL_MPI_PREFIX", Prefix(launcher, nodes, shape, hostFile),
            "PARSL_MPI_LAUNCHER", launcher.ToString().ToLowerInvariant(),
            "PARSL_MPI_NODELIST", string.Join(',', nodes),
            "PARSL_MPI_HOSTFILE", hostFile,
            "PARSL_NUM_NODES", nodes.Count.ToString(invariant),
            "PARSL_RANKS_PER_NODE", shape.RanksPerNode.ToString(invariant),
            "PARSL_NUM_RANKS", shape.Ranks.ToString(invariant),
        ];
        if (shape.CoresPerRank > 0)
            variables.AddRange(["PARSL_CORES_PER_RANK", shape.CoresPerRank.ToString(invariant)]);
        if (shape.GpusPerRank > 0)
            variables.AddRange(["PARSL_GPUS_PER_RANK", shape.GpusPerRank.ToString(invariant)]);
        return [.. variables];
    }

    /// <summary>Where a try's host file is written (and removed from when the try ends).</summary>
    public static string HostFileOf(string folder, long dispatchId) =>
        Path.Combine(folder, $"hosts-{dispatchId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The command line an MPI app puts before its program. Cores per rank bind each rank to that many cores;
    /// GPUs per rank go to the launchers that have such an option (the executor refuses them for the others).</summary>
    public static string Prefix(MpiLauncher launcher, IReadOnlyList<string> nodes, MpiShape shape, string hostFile)
    {
        var invariant = CultureInfo.InvariantCulture;
        var (n, ppn, count) = (shape.Ranks.ToString(invariant), shape.RanksPerNode.ToString(invariant), nodes.Count.ToString(invariant));
        var (cores, gpus) = (shape.CoresPerRank.ToString(invariant), shape.GpusPerRank.ToString(invariant));
        var (hasCores, hasGpus) = (shape.CoresPerRank > 0, shape.GpusPerRank > 0);
        var list = string.Join(',', nodes);
        return launcher switch
        {
            MpiLauncher.Mpiexec => $"mpiexec -n {n} -ppn {ppn}{(hasCores ? $" -bind-to core:{cores}" : "")}{(hasGpus ? $" -gpus-per-proc {gpus}" : "")} -f {ShellCommand.Quote(hostFile)}",
            MpiLauncher.OpenMpi => $"mpiexec -n {n} --map-by ppr:{ppn}:node{(hasCores ? $":PE={cores}" : "")} --hostfile {ShellCommand.Quote(hostFile)}",
            MpiLauncher.Srun => $"srun -N {count} -n {n} --ntasks-per-node={ppn}{(hasCores ? $" --cpus-per-task={cores}" : "")}{(hasGpus ? $" --gpus-per-task={gpus}" : "")} --nodelist={ShellCommand.Quote(list)}",
            MpiLauncher.Aprun => $"aprun -n {n} -N {ppn}{(hasCores ? $" -d {cores}" : "")} -L {ShellCommand.Quote(list)}",
            _ => throw new ArgumentOutOfRangeException(nameof(launcher), launcher, "unknown MPI launcher"),
        };
    }

    private static string HostFileLine(MpiLauncher launcher, string node, int ranksPerNode) => launcher switch
    {
        MpiLauncher.Mpiexec => $"{node}:{ranksPerNode.ToString(CultureInfo.InvariantCulture)}",
        MpiLauncher.OpenMpi => $"{node} slots={ranksPerNode.ToString(CultureInfo.InvariantCulture)}",
        _ => node,
    };
}
