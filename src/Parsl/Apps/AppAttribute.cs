namespace Parsl;

/// <summary>
/// Marks a <c>static partial</c> method as a Parsl app. The source generator adds a companion
/// <c>NameAsync</c> method that accepts a value or a future for every parameter and returns an
/// <see cref="AppFuture{T}"/> at once; the task runs on an executor when all its inputs are done.
/// Calling the method itself runs the body synchronously, which keeps apps easy to unit-test.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AppAttribute : Attribute
{
    /// <summary>Labels of the executors this app may run on; empty means any executor in the config.</summary>
    public string[] Executors { get; set; } = [];

    /// <summary>
    /// Memoize results on the app's code and argument values: a call whose key matches an earlier one (in this run, or
    /// in a checkpoint loaded from an earlier run) gets that result without running; identical calls in flight share one run.
    /// </summary>
    public bool Cache { get; set; }

    /// <summary>
    /// Also memoize failures: a call whose key matches an earlier failed one fails the same way without running (and a
    /// checkpoint carries the failure's type and message into later runs as a <see cref="CachedFailureException"/>).
    /// Off by default: failures are usually worth another try.
    /// </summary>
    public bool CacheFailures { get; set; }

    /// <summary>
    /// Seconds after which the task is cancelled (apps that take a <see cref="CancellationToken"/> see it) and, if it
    /// has not stopped after the run's grace period, abandoned with <see cref="AppWalltimeExceededException"/>. 0 means no limit.
    /// </summary>
    public double WalltimeSeconds { get; set; }

    /// <summary>How many times to retry a failed task; -1 (the default) uses <see cref="ParslConfig.Retries"/>.</summary>
    public int Retries { get; set; } = -1;

    /// <summary>Nodes each call of this MPI app needs (0: not an MPI app); on an executor in MPI mode the manager gives the
    /// call that many of its block's nodes, and the app launches its program with <c>$PARSL_MPI_PREFIX</c>. Per call:
    /// <see cref="AppCallOptions.Resources"/>.</summary>
    public int Nodes { get; set; }

    /// <summary>MPI ranks per node (0: as many as <see cref="Ranks"/> needs, or 1).</summary>
    public int RanksPerNode { get; set; }

    /// <summary>MPI ranks in all (0: <see cref="Nodes"/> × <see cref="RanksPerNode"/>).</summary>
    public int Ranks { get; set; }

    /// <summary>Cores each MPI rank is bound to (0: the launcher's default); see <see cref="ResourceSpecification.CoresPerRank"/>.</summary>
    public int CoresPerRank { get; set; }

    /// <summary>GPUs each MPI rank gets (0: none asked); see <see cref="ResourceSpecification.GpusPerRank"/>.</summary>
    public int GpusPerRank { get; set; }

    /// <summary>The image this code app runs in (null: anywhere its executor runs it). Code runs in an image only on an
    /// executor whose workers run inside that image (a <c>HighThroughputExecutor</c> with that <c>Container</c>); a call
    /// routed elsewhere fails at the call (docs/containers.md).</summary>
    public string? Image { get; set; }

    /// <summary>The runtime that runs <see cref="Image"/>: Podman unless said otherwise.</summary>
    public ContainerRuntime ContainerRuntime { get; set; }
}
