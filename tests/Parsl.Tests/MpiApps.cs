namespace Parsl.Tests;

/// <summary>MPI apps, as a user writes them: the attribute says what each call needs, the command starts its program
/// with <c>$PARSL_MPI_PREFIX</c>.</summary>
public static partial class MpiApps
{
    /// <summary>Runs an MPI program over 2 nodes × 2 ranks, its output into <paramref name="output"/>.</summary>
    [BashApp("$PARSL_MPI_PREFIX {program} > {output}", Nodes = 2, RanksPerNode = 2)]
    public static partial BashResult Allreduce(string program, string output);

    /// <summary>Holds 2 nodes for a moment, writing when it started and ended and on which nodes.</summary>
    [BashApp("echo \"$(date +%s.%N) $PARSL_MPI_NODELIST\"; sleep 1; date +%s.%N", Nodes = 2, Stdout = "{folder}/hold-{name}.txt")]
    public static partial BashResult Hold(string folder, string name);

    /// <summary>Holds 1 node for a moment, writing when it started and ended and on which node.</summary>
    [BashApp("echo \"$(date +%s.%N) $PARSL_MPI_NODELIST\"; sleep 0.2; date +%s.%N", Nodes = 1, Stdout = "{folder}/hold-{name}.txt")]
    public static partial BashResult HoldOne(string folder, string name);

    /// <summary>Runs a program on 1 node × 2 ranks with a GPU per rank; the config gives the cores per rank.</summary>
    [BashApp("$PARSL_MPI_PREFIX {program} > {output}", Nodes = 1, RanksPerNode = 2, GpusPerRank = 1)]
    public static partial BashResult Bound(string program, string output);

    /// <summary>A code app on one node: what its worker's environment says.</summary>
    [App(Nodes = 1, Ranks = 3)]
    public static partial string Shape() =>
        $"{Environment.GetEnvironmentVariable("PARSL_NUM_NODES")} {Environment.GetEnvironmentVariable("PARSL_NUM_RANKS")} {Environment.GetEnvironmentVariable("PARSL_MPI_PREFIX")}";
}
