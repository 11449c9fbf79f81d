namespace Parsl.Containers;

/// <summary>
/// Stops and removes every container that carries a set of labels: an executor's way to end the containers of a block
/// it gave up on. Cancelling a block's job ends the runtime's client, but podman and docker keep its container, and a
/// manager frozen inside it (SIGSTOP, a hung node) does not end on the SIGTERM the client passes on; the runtime's stop
/// ends it with SIGKILL after a grace period.
/// </summary>
public static class ContainerSweep
{
    /// <summary>
    /// Stops (SIGTERM, then SIGKILL after the grace a cut-short try's container gets) and removes the containers of
    /// <paramref name="image"/>'s runtime on this machine that carry every one of <paramref name="labels"/>. Apptainer
    /// keeps no container apart from its process, so there is nothing to do for it.
    /// </summary>
    /// <returns>Null when none is left; otherwise what went wrong, with the runtime's own message.</returns>
    public static string? StopAndRemove(ContainerImage image, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(labels);
        if (image.Runtime == ContainerRuntime.Apptainer)
            return null;
        if (labels.Count == 0)
            throw new ArgumentException("Give at least one label: without one every container of the runtime would be removed.", nameof(labels));
        return ContainerRuntimeProgram.Locate(image) is { } runtime
            ? ContainerCleanup.StopAndRemoveLabelled(runtime, labels)
            : $"the container runtime '{image.Program}' is not on this machine's PATH";
    }
}
