namespace Parsl.Tests;

/// <summary>Apps that say which Slurm node they ran on.</summary>
public static partial class MultiNodeApps
{
    /// <summary>The node of the worker that runs it (a manager started on each node passes its node name down).</summary>
    [App]
    public static partial string Node(int i)
    {
        Thread.Sleep(50); // long enough that every manager's workers get some of the calls
        return Environment.GetEnvironmentVariable("SLURMD_NODENAME") ?? "(not in a Slurm step)";
    }

    /// <summary>An MPI app over 2 nodes, one rank each: each rank prints its node.</summary>
    [BashApp("$PARSL_MPI_PREFIX bash -c 'echo $SLURMD_NODENAME' | sort", Nodes = 2, RanksPerNode = 1, Stdout = "{output}")]
    public static partial BashResult Ranks(string output);
}
