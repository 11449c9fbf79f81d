namespace Parsl.Executors;

/// <summary>How an MPI app's program is started across the nodes its manager gave it: the launcher behind
/// <c>$PARSL_MPI_PREFIX</c> (see <see cref="HighThroughputExecutor.MpiLauncher"/>).</summary>
public enum MpiLauncher
{
    /// <summary>MPICH's (Hydra) <c>mpiexec -n RANKS -ppn PER_NODE -f HOSTFILE</c>; also Intel MPI and Cray PALS.</summary>
    Mpiexec,

    /// <summary>Open MPI's <c>mpiexec -n RANKS --map-by ppr:PER_NODE:node --hostfile HOSTFILE</c>.</summary>
    OpenMpi,

    /// <summary>Slurm's <c>srun -N NODES -n RANKS --ntasks-per-node=PER_NODE --nodelist=NODES</c>, inside the block's allocation.</summary>
    Srun,

    /// <summary>Cray ALPS's <c>aprun -n RANKS -N PER_NODE -L NODES</c>.</summary>
    Aprun,
}
