namespace Parsl;

/// <summary>One try as a worker process receives it: the task, its encoded arguments and what the workflow resolved for it.</summary>
/// <param name="TaskId">The task's id in the workflow's run.</param>
/// <param name="Arguments">The arguments, as the app's codec wrote them.</param>
/// <param name="Stdout">A bash app's stdout path, when the call's options chose one; null keeps the app's own.</param>
/// <param name="Stderr">A bash app's stderr path, likewise.</param>
/// <param name="CancellationToken">Cancelled when the workflow cancels the try (its walltime, or the run's cancellation).</param>
public readonly record struct WorkerCall(long TaskId, ReadOnlyMemory<byte> Arguments, string? Stdout, string? Stderr, CancellationToken CancellationToken)
{
    /// <summary>Where the worker put the remote files it staged for this try, by URL: the arguments' files that name
    /// one read from that copy.</summary>
    public IReadOnlyDictionary<string, string>? StagedCopies { get; init; }

    /// <summary>The image a bash app's command runs in, as the workflow resolved it for the try (<see cref="Executors.TaskTry.Container"/>); null for none.</summary>
    public ContainerImage? Container { get; init; }

    /// <summary>The name of that container (<see cref="Executors.TaskTry.ContainerName"/>).</summary>
    public string? ContainerName { get; init; }
}
