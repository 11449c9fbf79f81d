namespace Parsl;

/// <summary>A bash app runs in an image whose runtime (podman, docker, apptainer) is not on this machine.</summary>
public sealed class ContainerRuntimeMissingException(AppDescriptor app, long taskId, string command, ContainerImage image, string howToInstall)
    : BashAppException(app, taskId, command,
        $"{Describe(app, taskId)} runs in image {image.Name}, but its container runtime '{image.Program}' ({image.Runtime}) is not " +
        $"{(image.Program.Contains('/') ? "there" : "on PATH")} on this machine: {howToInstall}, or choose another runtime " +
        "(ContainerRuntime on the app's attribute, ContainerImage.Runtime/RuntimeProgram, or YAML container: { runtime: podman|docker|apptainer }).")
{
    /// <summary>The image the app runs in.</summary>
    public ContainerImage Image { get; } = image;
}

/// <summary>A bash app's image is not on the machine that runs it; the runtime's own message is in <see cref="BashExitException.StderrTail"/>.</summary>
public sealed class ContainerImageMissingException(AppDescriptor app, long taskId, string command, int exitCode, string stderrTail, ContainerImage image)
    : BashExitException(app, taskId, command, exitCode, stderrTail,
        $"{Describe(app, taskId)} runs in image {image.Name}, which {image.Program} does not have on this machine (exit code {exitCode}). " +
        $"Parsl never pulls images: pull it once before the run ({image.Program} pull {image.Name}) or make it here " +
        $"({image.Program} build, or {image.Program} import of a root file system), on every node that runs the app.")
{
    /// <summary>The missing image.</summary>
    public ContainerImage Image { get; } = image;
}

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
