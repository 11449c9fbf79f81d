namespace Parsl;

/// <summary>A bash app's runtime could not start its container (a bad mount, option or configuration); the runtime's own
/// message is in <see cref="BashExitException.StderrTail"/>.</summary>
public sealed class ContainerStartException(AppDescriptor app, long taskId, string command, int exitCode, string stderrTail, ContainerImage image)
    : BashExitException(app, taskId, command, exitCode, stderrTail,
        $"{Describe(app, taskId)}: {image.Program} could not run image {image.Name} (exit code {exitCode}); its message is below. " +
        "Check the image, the folders it mounts and the runtime's configuration (docs/containers.md).")
{
    /// <summary>The image that did not start.</summary>
    public ContainerImage Image { get; } = image;
}
