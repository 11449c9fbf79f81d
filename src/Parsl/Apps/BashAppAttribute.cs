namespace Parsl;

/// <summary>
/// Marks a <c>static partial</c> method as a bash app: a task that runs a shell command line.
/// </summary>
/// <remarks>
/// <para>Template form: <c>[BashApp("dock.sh {protein} {ligand}")]</c> on a method without a body that
/// returns <see cref="BashResult"/>. Every <c>{name}</c> must name a parameter (checked at compile time);
/// each value is formatted with the invariant culture and shell-quoted, so an argument such as
/// <c>"; rm -rf ~"</c> reaches the program as one argument. A collection value becomes one quoted word per
/// element. <c>{{</c> and <c>}}</c> write literal braces, and <c>${VAR}</c> is left to the shell.</para>
/// <para>Body form: <c>[BashApp]</c> on a method that returns the command line as a <see cref="string"/>, as in
/// Python Parsl. Build it with <see cref="ShellCommand.Format(ref ShellInterpolatedStringHandler)"/> to get the same quoting.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class BashAppAttribute : Attribute
{
    /// <summary>Body form: the method returns the command line.</summary>
    public BashAppAttribute() { }

    /// <summary>Template form: the command line with <c>{parameter}</c> placeholders.</summary>
    public BashAppAttribute(string commandTemplate) => CommandTemplate = commandTemplate;

    /// <summary>The command template, or null for the body form.</summary>
    public string? CommandTemplate { get; }

    /// <summary>File (or template over the parameters) that receives the command's standard output.</summary>
    public string? Stdout { get; set; }

    /// <summary>File (or template over the parameters) that receives the command's standard error.</summary>
    public string? Stderr { get; set; }

    /// <summary>Append to <see cref="Stdout"/> and <see cref="Stderr"/> instead of truncating them.</summary>
    public bool Append { get; set; }

    /// <summary>Seconds after which the command's whole process group is killed; 0 means no limit.</summary>
    public double WalltimeSeconds { get; set; }

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

    /// <summary>The image each call's command runs in, e.g. <c>localhost/tools:1</c> (null: the call's or the executor's,
    /// if any): its working directory and its files' folders are mounted at the same paths, every <c>PARSL_*</c> variable
    /// is passed, and the container is removed after, also on walltime and cancellation (docs/containers.md). Per call:
    /// <see cref="AppCallOptions.Container"/>.</summary>
    public string? Image { get; set; }

    /// <summary>The runtime that runs <see cref="Image"/>: Podman unless said otherwise.</summary>
    public ContainerRuntime ContainerRuntime { get; set; }
}
