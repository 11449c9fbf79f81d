namespace Parsl.Executors;

/// <summary>
/// Runs tries of tasks whose inputs are ready. The kernel knows executors only through this interface; which one runs
/// a try is chosen by label (see <see cref="AppAttribute.Executors"/>).
/// </summary>
/// <remarks>
/// An executor instance in a <see cref="ParslConfig"/> may be started again after it was disposed: every
/// <see cref="DataFlowKernel.LoadAsync"/> starts the config's executors afresh and its disposal stops them, so one
/// config serves any number of runs, one after another.
/// </remarks>
public interface IExecutor : IAsyncDisposable
{
    /// <summary>The label apps pin to, unique within a config.</summary>
    string Label { get; }

    /// <summary>Starts workers (threads, processes, or blocks from a provider) for one run.</summary>
    ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken);

    /// <summary>Queues one try and returns at once; its outcome is reported through the try (<see cref="TaskTry.RunInProcess()"/> does so itself).</summary>
    void Submit(TaskTry taskTry);

    /// <summary>
    /// Whether the executor places tries by <see cref="TaskTry.Resources"/> (cores, memory, GPUs, nodes). One that does
    /// not is never given a call that asks for resources: the call fails at once instead of running without them.
    /// </summary>
    bool HonoursResources => true;

    /// <summary>Whether it runs MPI apps' tries (<see cref="ResourceSpecification.Nodes"/>, <see cref="ResourceSpecification.RanksPerNode"/>,
    /// <see cref="ResourceSpecification.Ranks"/>): gives each its nodes and a launch prefix. False by default: such calls
    /// fail at the call rather than run their program as one process.</summary>
    bool RunsMpiApps => false;

    /// <summary>The image its tries run in when neither the app nor the call names one (<see cref="ContainerImage"/>); null
    /// (the default) for none. Bash apps' commands run in it; code apps too when <see cref="WorkersRunInContainer"/>.</summary>
    ContainerImage? Container => null;

    /// <summary>Whether its workers themselves run inside <see cref="Container"/>, so that code apps run there too (and
    /// no other image can be run from inside it). False by default: code runs where the executor runs it.</summary>
    bool WorkersRunInContainer => false;

    /// <summary>
    /// Where this executor wants the remote files of its tasks staged: <see cref="Staging.StagingModes.InWorkflow"/> (the
    /// default: the workflow fetches them and the copy must reach the node, e.g. over a shared file system) or
    /// <see cref="Staging.StagingModes.OnWorker"/> (the worker fetches them on the node before the app runs and sends
    /// written ones after: no shared file system needed; <see cref="TaskTry.StageInOnWorker"/> and
    /// <see cref="TaskTry.StageOutOnWorker"/> name them). A file whose provider cannot run on a worker is still staged
    /// by the workflow.
    /// </summary>
    Staging.StagingModes Staging => Parsl.Staging.StagingModes.InWorkflow;
}
